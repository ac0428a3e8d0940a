import { defineConfig } from "vitest/config";
import { TEST_WORKERS } from "./test/helpers/parallel.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "profiles/*/test/**/*.test.ts"],
    // CLI tests spawn gp and type-check; on a loaded two-core machine that takes seconds.
    testTimeout: 60_000,
    maxWorkers: TEST_WORKERS,
    hookTimeout: 120_000,
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    // clipanion's ES build imports a directory, which Node's loader refuses; tests that read
    // gp's commands load it through Vite instead, as the bundle of gp does through esbuild.
    server: { deps: { inline: ["clipanion"] } },
  },
});
