export {
  displayNames,
  findProfile,
  findUser,
  listTherapists,
  practitionerFrom,
  superviseesOf,
  workLocationsOf,
  type ProfileRow,
  type TherapistSummary,
} from './therapists.service';
