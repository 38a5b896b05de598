// The library's public API: stacks (authoring) and pipeline (automation).
export * from './stacks/index.js';
export * from './pipeline/index.js';
