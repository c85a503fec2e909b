// Two projects: fast unit tests of the core, and integration tests that use real databases
// (SQLite in a temp file and the MariaDB server on this machine).
const tsJest = ['ts-jest', { isolatedModules: true, diagnostics: false }];
module.exports = {
  // Read only at the top level; the integration tests spawn the CLI and talk to MariaDB.
  testTimeout: 60000,
  // Test files run in a child worker, replaced once its heap passes this after a file. Each file
  // loads its own copy of Nest, TypeORM and the core and not all of it is freed, so in one
  // process the heap only grows (a worker reached 1.4 GB with a 1.5 GB limit). It also keeps the
  // tests out of jest's own process, where jest would otherwise run them (one worker on 2 cores):
  // a crash in native code then fails the file it happened in, named, instead of the whole run.
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit', '<rootDir>/connectors'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
  ],
};
