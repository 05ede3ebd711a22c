export * from './range';
export * from './value';
export * from './resource';
export * from './finding';
export * from './loader';
export * from './report';
export * from './paths';
