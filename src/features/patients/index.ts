export {
  findPatient,
  findPatientByUser,
  openPatient,
  openPatientRecord,
  ownPatientRecord,
  signedInUser,
  type OpenPatientInput,
  type PatientRow,
} from './patients.service';
