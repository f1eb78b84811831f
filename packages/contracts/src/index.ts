// Request and response schemas of every API route (TypeBox), and their static types.
// The API validates with them; the web imports the same types.
export * from './agreements.js';
export * from './ambassadors.js';
export * from './applications.js';
export * from './audit.js';
export * from './campaigns.js';
export * from './challenges.js';
export * from './classes.js';
export * from './common.js';
export * from './identity.js';
export * from './mentoring.js';
export * from './modules.js';
export * from './notifications.js';
export * from './observatory.js';
export * from './offers.js';
export * from './organisations.js';
export * from './passport.js';
export * from './privacy.js';
export * from './reference.js';
export * from './validation.js';
