export {
  displayNames,
  findProfile,
  canSignIn,
  findUser,
  listTherapists,
  practitionerFrom,
  superviseesNamed,
  superviseesOf,
  workLocationsOf,
  type ProfileRow,
  type TherapistSummary,
} from './therapists.service';
