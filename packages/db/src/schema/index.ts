// The whole drizzle schema, one file per domain.
export * from './agreements.js';
export * from './ambassadors.js';
export * from './applications.js';
export * from './audit.js';
export * from './campaigns.js';
export * from './challenges.js';
export * from './classes.js';
export * from './identity.js';
export * from './mentoring.js';
export * from './notifications.js';
export * from './offers.js';
export * from './organisations.js';
export * from './passport.js';
export * from './reference.js';
