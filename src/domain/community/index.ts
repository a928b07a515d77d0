export * from './crisis';
export * from './pseudonym';
export * from './rules';
export * from './contact-details';
