import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { temporaryDirectory } from "../helpers/temp.js";

const failure = new Error("TypeScript's native checker cannot run");
vi.mock("../../compiler/typecheck.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../compiler/typecheck.js")>()),
  // A plain function, not vi.fn(): a mock's promise gets a handler of vitest's own.
  typecheck: async () => {
    throw failure;
  },
}));
const { reportFor, startTypecheck } = await import("../../compiler/start-typecheck.js");

describe("a type-check begun before the compiler has loaded", () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  afterEach(() => {
    process.off("unhandledRejection", record);
  });

  it("keeps a failure for whoever takes the check over, instead of ending gp as an unhandled rejection", async () => {
    process.on("unhandledRejection", record);
    const file = join(temporaryDirectory(), "early.image.ts");
    writeFileSync(file, `export default 1;\n`);
    const started = await startTypecheck([file]);
    expect(started?.entries).toEqual([file]);
    // Long enough for the rejection to be seen as unhandled, were it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
    await expect(reportFor(started, [file])).rejects.toBe(failure);
  });

  it("is not taken over for other blueprints, and starts nothing for none or with --no-check", async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "early.image.ts");
    writeFileSync(file, `export default 1;\n`);
    writeFileSync(join(directory, "plain.image.js"), `export default 1;\n`);
    const started = await startTypecheck([file]);
    expect(reportFor(started, [file, join(directory, "other.image.ts")])).toBeUndefined();
    expect(await startTypecheck([join(directory, "missing.image.ts"), join(directory, "plain.image.js")])).toBeUndefined();
    expect(await startTypecheck([file], { typecheck: false })).toBeUndefined();
  });
});
