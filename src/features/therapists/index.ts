export {
  displayNames,
  findProfile,
  canSignIn,
  findUser,
  holdForBooking,
  listTherapists,
  practitionerFrom,
  superviseesNamed,
  superviseesOf,
  workLocationsOf,
  type ProfileRow,
  type TherapistSummary,
} from './therapists.service';
