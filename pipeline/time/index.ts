export * from './durations.js';
export * from './until.js';
