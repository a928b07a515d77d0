export { registerWallRoutes } from './wall.routes';
export { wallChannel, WALL_SOCKET_PATH } from './wall.channel';
export { WallHub } from './wall.hub';
export { wallModerationWaiting, wallWriting, type WallModerationWaiting } from './wall.service';
