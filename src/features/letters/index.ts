export {
  gpDischargeLetter,
  onwardReferralLetter,
  patientDischargeLetter,
  type DischargeFacts,
  type OnwardReferralFacts,
} from './letters.content';
export {
  emailLetterToGp,
  emailLetterToPatient,
  letterAttachment,
  type GpLetterDelivery,
  type PatientLetterDelivery,
} from './letters.delivery';
export {
  emailGpLetterAgain,
  gpLettersToSend,
  lettersOnRecord,
  myLetters,
  recordGpLetterSentAnotherWay,
  writeLetter,
  type GpLetterToSend,
  type LetterEmail,
  type LetterEmailState,
  type LetterOnRecord,
  type LetterSummary,
} from './letters.service';
export { GpLettersToSend } from './views/GpLettersToSend';
export { LetterEmails, LettersOnRecordSection } from './views/LetterEmails';
