/** Type-checking is `npm run typecheck`'s job; here ts-jest only transpiles, which keeps the suite fast. */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/domain',
    '<rootDir>/activities',
    '<rootDir>/stores',
    '<rootDir>/workflows',
    '<rootDir>/api',
    '<rootDir>/stack',
    '<rootDir>/templates',
    '<rootDir>/test',
  ],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 120000,
  // Chromium and a CJK font for the browser tests: installed when possible, else a clear stop (see the file).
  globalSetup: '<rootDir>/test/support/prerequisites.js',
  // A server a failed test leaves behind must turn into a red result, not a run that never ends.
  forceExit: true,
  reporters: ['default', '<rootDir>/test/support/count-reporter.js'],
};
