export * from './commits.js';
export * from './errors.js';
export * from './head.js';
export * from './repository.js';
export * from './run.js';
export * from './log.js';
