// Prints the closing line CI reads ("N passed, N failed, N skipped") from Vitest's JSON report, and
// fails the run on any skipped or todo test: a test that did not run must not be counted as passing.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const passed = report.numPassedTests;
const failed = report.numFailedTests;
const skipped = report.numPendingTests + report.numTodoTests;
for (const file of report.testResults) {
  for (const test of file.assertionResults) {
    if (test.status !== 'passed' && test.status !== 'failed')
      console.log(`not run: ${file.name} > ${test.fullName}`);
  }
}
if (report.numFailedTestSuites > 0 && failed === 0)
  console.log(`${report.numFailedTestSuites} test files failed to load`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || skipped > 0 || report.numFailedTestSuites > 0 || passed === 0 ? 1 : 0);
