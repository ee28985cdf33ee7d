/** The feed protocol: version, schemas, message types and the event parser. */
export * from './version';
export * from './primitives';
export * from './events';
export * from './messages';
export * from './checkStructure';
export * from './parseEvent';
export * from './stateSchema';
