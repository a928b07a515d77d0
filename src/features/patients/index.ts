export {
  findPatient,
  findPatientByUser,
  findPatientsByNhsNumber,
  linkPatientAccount,
  openPatient,
  openPatientRecord,
  ownPatientRecord,
  signedInUser,
  type OpenPatientInput,
  type PatientRow,
} from './patients.service';
