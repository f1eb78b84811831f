// The whole drizzle schema, one file per domain.
export * from './audit.js';
export * from './identity.js';
export * from './organisations.js';
export * from './reference.js';
