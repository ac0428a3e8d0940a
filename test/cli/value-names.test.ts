import { describe, expect, it } from "vitest";
import { withValueNames } from "../../cli/value-names.js";
import { runGp } from "../helpers/gp.js";

describe("help text", () => {
  it("names each option's value after the option, where clipanion writes #0", () => {
    expect(withValueNames("gp build [--arch #0] [-o,--out-dir #0] [--data-disk,-d #0] [--json]")).toBe("gp build [--arch ARCH] [-o,--out-dir OUT_DIR] [--data-disk,-d DATA_DISK] [--json]");
  });

  it("aligns an option table again after the names, plain or in bold", () => {
    const table = ["Options", "", "  --json         Print JSON", "  --arch #0      Target arch", "  --data-disk,-d #0  A disk", ""].join("\n");
    expect(withValueNames(table)).toBe(["Options", "", "  --json                    Print JSON", "  --arch ARCH               Target arch", "  --data-disk,-d DATA_DISK  A disk", ""].join("\n"));
    const bold = "  \x1b[1m--json    \x1b[22m    Print JSON\n  \x1b[1m--arch #0 \x1b[22m    Target arch";
    expect(withValueNames(bold)).toBe("  \x1b[1m--json\x1b[22m       Print JSON\n  \x1b[1m--arch ARCH\x1b[22m  Target arch");
  });

  it("keeps a row whose value name has a digit (--stage3 STAGE3) in its table", () => {
    const table = ["  --lock #0      The lock file", "  --stage3 #0    A stage3", "  --portage #0   A snapshot"].join("\n");
    expect(withValueNames(table)).toBe(["  --lock LOCK        The lock file", "  --stage3 STAGE3    A stage3", "  --portage PORTAGE  A snapshot"].join("\n"));
  });

  it.each([["--help"], ["vm", "--help"], ["vm", "run", "--help"], ["build", "--help"], ["install", "--help"]])("gp %s shows no #0 placeholder", async (...args) => {
    const run = await runGp(args);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain("#0");
    expect(run.stdout).toMatch(/--[a-z-]+ [A-Z_]+/);
  });
});
