export * from './files.js';
export * from './github-workflow.js';
export * from './gitlab-ci.js';
export * from './jobs.js';
export * from './settings.js';
