export { gpDischargeLetter, patientDischargeLetter, type DischargeFacts } from './letters.content';
export { lettersOnRecord, myLetters, writeLetter, type LetterSummary } from './letters.service';
