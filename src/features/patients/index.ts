export {
  findPatient,
  findPatientByUser,
  openPatientRecord,
  ownPatientRecord,
  type PatientRow,
} from './patients.service';
