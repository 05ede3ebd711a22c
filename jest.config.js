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
};
