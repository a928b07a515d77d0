export { registerWallRoutes } from './wall.routes';
export { wallChannel, WALL_SOCKET_PATH } from './wall.channel';
export { WallHub } from './wall.hub';
export { wallWriting } from './wall.service';
