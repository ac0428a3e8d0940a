import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";

const created: string[] = [];
const shared: string[] = [];

afterEach(() => {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
});

afterAll(() => {
  for (const directory of shared.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A fresh directory outside the repository, removed after the test. */
export function temporaryDirectory(prefix = "gp-test-"): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  created.push(directory);
  return directory;
}

/** A fresh directory outside the repository for a whole test file (made in beforeAll), removed after it. */
export function suiteDirectory(prefix = "gp-suite-"): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  shared.push(directory);
  return directory;
}
