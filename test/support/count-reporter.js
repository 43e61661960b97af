/**
 * CI reads the plain closing line `N passed, N failed`, not Jest's own summary, so the suite prints it last.
 * A test suite that fails to load counts as one failure, so a broken file can never pass silently.
 */
class CountReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = CountReporter;
