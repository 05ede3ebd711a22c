export * from './read';
export * from './selectors';
export * from './pod-spec';
export * from './rbac';
export * from './objects';
export * from './network';
export * from './storage';
