export {
  ROOM_CLOSES_MINUTES_AFTER,
  ROOM_OPENS_MINUTES_BEFORE,
  roomState,
  roomWindow,
  type RoomAppointment,
  type RoomState,
  type RoomWindow,
} from './room';
export {
  mayAdmit,
  mayEnd,
  placeInRoom,
  seesWaitingList,
  type RoomPlace,
  type RoomRole,
  type RoomSituation,
} from './participants';
