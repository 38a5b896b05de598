export * from './behind.js';
export * from './check.js';
export * from './checkout.js';
export * from './last-check.js';
export * from './markdown.js';
