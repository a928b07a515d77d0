// One file per area; every table the app knows is re-exported here for drizzle and drizzle-kit.
export * from './core';
export * from './referrals';
export * from './locations';
export * from './diary';
export * from './questionnaires';
export * from './outcomes';
export * from './messages';
export * from './rate-limits';
export * from './api-clients';
export * from './community';
export * from './wall';
export * from './video';
export * from './ipt';
export * from './notes';
export * from './discharge';
export * from './identity';
