export { renderStatusPage } from './page.js';
