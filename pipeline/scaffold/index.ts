export * from './kubernetes-main.js';
export * from './options.js';
export * from './project-files.js';
export * from './terraform-data-main.js';
export * from './versions.js';
export * from './write-files.js';
