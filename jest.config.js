/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/policies', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest'],
    '^.+\\.m?js$': '<rootDir>/test/esm-transform.js',
  },
  // yargs and its ECMAScript-module dependencies are compiled to CommonJS; other packages load as they are.
  transformIgnorePatterns: [
    '/node_modules/(?!(yargs|yargs-parser|cliui|y18n|string-width|strip-ansi|ansi-regex|ansi-styles|wrap-ansi|get-east-asian-width)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 60000,
  // Jest's default is one worker fewer than the cores: a single worker on a 2-core machine. The main
  // process only schedules, so every core runs test files.
  maxWorkers: '100%',
  testSequencer: '<rootDir>/test/sequencer.js',
  setupFiles: ['<rootDir>/test/setup-env.js'],
};
