/** Every table of Học Liệu Số, one file per entity. */
export * from './units.ts';
export * from './officials.ts';
export * from './users.ts';
export * from './sessions.ts';
export * from './progress.ts';
export * from './imports.ts';
export * from './assessment.ts';
export * from './certificates.ts';
export * from './h5p.ts';
export * from './audit.ts';
export * from './assignments.ts';
export * from './evaluations.ts';
export * from './classes.ts';
export * from './api-tokens.ts';
export * from './xapi.ts';
export * from './authoring.ts';
export * from './shared-state.ts';
