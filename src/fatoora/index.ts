export * from './environments';
export * from './exchange';
export * from './fatoora-client';
export * from './fatoora-result';
export * from './invoice-submission';
export * from './renewal-flow';
export * from './wire-types';
