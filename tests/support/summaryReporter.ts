import type { Reporter, TestModule } from 'vitest/node';
import { requireAllTests } from './skip';

/**
 * Closes the run with one plain line, `tests: N passed, N failed, N skipped`, and when every suite is
 * required (CI) turns any skipped test into a failed run.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A failing beforeAll/afterAll (or a file that does not load) leaves its tests "skipped": count the
      // suite's own errors as one failure. A suite whose tests failed is already counted through them.
      for (const suite of module.children.allSuites()) if (suite.errors().length > 0) failed++;
      if (module.errors().length > 0) failed++;
    }
    if (requireAllTests && skipped > 0) {
      console.error(
        `RONGZHI_REQUIRE_ALL_TESTS=1: ${skipped} test(s) were skipped; every suite must run here.`,
      );
      process.exitCode = 1;
    }
    console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
