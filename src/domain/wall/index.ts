export { wallState, type WallState } from './hours';
export {
  checkWallMessage,
  WALL_MESSAGE_MAX_LENGTH,
  WALL_RATE_LIMIT,
  WALL_REPEAT_WINDOW_MS,
  type RecentWallMessage,
  type WallMessageRefusal,
} from './messages';
