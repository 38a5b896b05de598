export * from './groups.js';
export * from './json.js';
export * from './markdown.js';
export * from './markdown-text.js';
export * from './promotion.js';
export * from './summary-file.js';
export * from './preview-markdown.js';
export * from './status-page/index.js';
