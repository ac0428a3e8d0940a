import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runGp } from "../../../helpers/gp.js";
import { temporaryDirectory } from "../../../helpers/temp.js";
import { GREETER_SCHEMA } from "../../../runtime/system-ini/form-schema.js";

function artifact(): string {
  const folder = temporaryDirectory();
  writeFileSync(join(folder, "system-ini.json"), JSON.stringify(GREETER_SCHEMA));
  return folder;
}

describe("gp ini page", () => {
  it("writes the form of an artifact's schema, and replaces it only with --force", async () => {
    const folder = artifact();
    const output = join(folder, "system-ini.html");
    const first = await runGp(["ini", "page", folder, "-o", output]);
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    expect(readFileSync(output, "utf8")).toContain('<label for="gp-setting-1-2">repeat');
    writeFileSync(output, "mine");
    const again = await runGp(["ini", "page", folder, "-o", output]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain("GP8117");
    expect(readFileSync(output, "utf8")).toBe("mine");
    expect((await runGp(["ini", "page", folder, "-o", output, "--force"])).exitCode).toBe(0);
    expect(readFileSync(output, "utf8")).toContain("<!doctype html>");
  });

  it("refuses a file that is not a schema, and a FIFO, writing nothing", async () => {
    const folder = temporaryDirectory();
    writeFileSync(join(folder, "other.json"), JSON.stringify({ name: "x" }));
    execFileSync("mkfifo", [join(folder, "fifo.json")]);
    const notSchema = await runGp(["ini", "page", join(folder, "other.json"), "-o", join(folder, "a.html")]);
    expect(notSchema.exitCode).toBe(1);
    expect(notSchema.stderr).toContain("GP8116");
    const fifo = await runGp(["ini", "page", join(folder, "fifo.json"), "-o", join(folder, "b.html")]);
    expect(fifo.exitCode).toBe(1);
    expect(fifo.stderr).toContain("is a FIFO, not a file");
    expect(existsSync(join(folder, "a.html")) || existsSync(join(folder, "b.html"))).toBe(false);
  });
});
