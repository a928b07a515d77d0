export {
  displayNames,
  findProfile,
  findUser,
  listTherapists,
  practitionerFrom,
  superviseesOf,
  type ProfileRow,
  type TherapistSummary,
} from './therapists.service';
