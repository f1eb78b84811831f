// @tremplin/matching: the pure engine behind every pairing on the platform.
// No I/O and no workspace imports: plain arrays in, plain objects out, deterministic for a seed.
export * from './geo.js';
export * from './allocation/index.js';
export * from './assignment/index.js';
export * from './recommend/index.js';
export * from './teams/index.js';
