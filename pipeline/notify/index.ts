export * from './builders.js';
export * from './send.js';
export * from './types.js';
