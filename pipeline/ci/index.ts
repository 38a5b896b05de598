export * from './detect.js';
export * from './log-folder.js';
