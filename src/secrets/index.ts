export * from './key-vault';
export * from './master-key';
export * from './master-key-source';
export * from './secret-bytes';
export * from './secrets.module';
