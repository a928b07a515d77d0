export * from './policy';
export { accessActorFor, superviseesOf } from './actor';
