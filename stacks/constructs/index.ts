export * from './labels.js';
export * from './team-namespace.js';
export * from './web-service.js';
export * from './web-service-ingress.js';
