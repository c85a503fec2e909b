export * from './app-config';
export * from './app-config.module';
export * from './config-error';
export * from './database-url';
export * from './environment';
export * from './load-config';
