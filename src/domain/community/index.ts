export * from './crisis';
export * from './pseudonym';
export * from './rules';
