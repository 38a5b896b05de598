export * from './classify.js';
export * from './errors.js';
export * from './normalize.js';
export * from './resolve.js';
export * from './types.js';
export * from './validate.js';
export * from './visible.js';
