export * from './connector';
export * from './connector-errors';
export * from './connectors.module';
export * from './connectors-config';
export * from './mapping/mapping-settings';
