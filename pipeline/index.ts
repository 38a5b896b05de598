export * from './errors.js';
export * from './run/pipeline.js';
export * from './run/types.js';
export * from './refs/index.js';
export * from './ci/index.js';
export * from './terraform/index.js';
export { runToJson, explainToJson, statusToJson, stageToJson } from './report/json.js';
export { runToMarkdown, SUMMARY_LIMIT } from './report/markdown.js';
export { main as runCli } from './cli/main.js';
