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
  lettersOnRecord,
  myLetters,
  writeLetter,
  type LetterEmail,
  type LetterEmailState,
  type LetterOnRecord,
  type LetterSummary,
} from './letters.service';
