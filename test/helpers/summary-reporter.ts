import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/** How many skipped tests share one reason, and in which files. */
interface SkipGroup {
  count: number;
  readonly files: Set<string>;
}

/**
 * Ends every run with why tests were skipped, grouped by reason (as `skipFor()` in
 * test/helpers/skip.ts or `context.skip(note)` recorded it), then one line, `N passed, N failed,
 * N skipped`, which CI reads. A test file that cannot even load, and an error thrown outside any
 * test, count as failures.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    const reasons = new Map<string, SkipGroup>();
    for (const module of testModules) {
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests++;
        const result = test.result();
        if (result.state === "passed") passed++;
        else if (result.state === "failed") failed++;
        else {
          skipped++;
          const reason = test.meta().skipReason ?? (result.state === "skipped" ? result.note : undefined) ?? "no reason recorded (it.skip, or left out by -t)";
          const group = reasons.get(reason) ?? { count: 0, files: new Set<string>() };
          group.count++;
          group.files.add(relative(process.cwd(), module.moduleId));
          reasons.set(reason, group);
        }
      }
      if (tests === 0 || module.errors().length > 0) {
        if (module.state() === "failed") failed++;
      }
    }
    process.stdout.write(`\n${skipReport(reasons)}${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

/** `Skipped, and why:` and one line per reason, most tests first; "" when nothing was skipped. */
export function skipReport(reasons: ReadonlyMap<string, SkipGroup>): string {
  if (reasons.size === 0) return "";
  const groups = [...reasons].sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b));
  const width = String(groups[0]?.[1].count ?? 0).length;
  const lines = groups.map(([reason, { count, files }]) => `  ${String(count).padStart(width)} ${count === 1 ? "test " : "tests"} in ${[...files].sort().join(", ")}: ${reason}`);
  return `Skipped, and why:\n${lines.join("\n")}\n\n`;
}
