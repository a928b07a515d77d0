export type { Validation } from '../result';
export {
  NHS_NUMBER_MESSAGES,
  formatNhsNumber,
  isValidNhsNumber,
  nhsNumberCheckDigit,
  sameNhsNumber,
  validateNhsNumber,
  type NhsNumberError,
  type NhsNumberResult,
} from './nhsNumber';
export {
  LEAP_DAY_BIRTHDAY_IN_COMMON_YEARS,
  ageOn,
  checkMinimumAge,
  dateOfReachingAge,
  type MinimumAgeResult,
} from './age';
export {
  validateDateOfBirth,
  type DateField,
  type DateInputFields,
  type DateOfBirthError,
  type DateOfBirthOptions,
  type DateOfBirthResult,
} from './dateOfBirth';
export {
  POSTCODE_MESSAGES,
  normalisePostcode,
  validatePostcode,
  type PostcodeError,
  type PostcodeResult,
} from './postcode';
export {
  PHONE_MESSAGES,
  formatUkPhoneNumber,
  isUkMobile,
  validateUkMobileNumber,
  validateUkPhoneNumber,
  type PhoneError,
  type UkPhoneResult,
  type UkPhoneType,
} from './phone';
export {
  EMAIL_MESSAGES,
  SECURE_NHS_EMAIL_MESSAGE,
  isSecureNhsEmail,
  isValidEmail,
  validateEmail,
  type EmailError,
  type EmailResult,
} from './email';
export { isUuid } from './uuid';
export {
  matchNhsLogin,
  partialDateOfBirth,
  provenNhsNumber,
  type NhsLoginMatch,
  type NoMatchReason,
} from './nhsLoginMatch';
