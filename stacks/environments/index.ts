export * from './deep-merge.js';
export * from './define.js';
export * from './errors.js';
export * from './inheritance.js';
export * from './names.js';
export * from './override.js';
