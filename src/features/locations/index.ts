export {
  findLocation,
  findRoom,
  listAllRooms,
  listLocations,
  type LocationRow,
  type RoomRow,
} from './locations.service';
// The weekly opening/working hours question, asked of locations and of therapists alike.
export { parseWeeklyHoursForm, weeklyHoursToFields } from './weekly-hours.forms';
export { WeeklyHoursFields } from './views/WeeklyHoursFields';
