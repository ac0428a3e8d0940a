import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MANIFEST_NAME, writeArtifact, type Artifact, type ArtifactEntry } from "../../compiler/index.js";
import { hasStackTrace, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

const file = (text: string, mode = 0o644): ArtifactEntry => ({ kind: "file", data: Buffer.from(text), mode });
const directory: ArtifactEntry = { kind: "directory", mode: 0o755 };

function artifact(entries: Record<string, ArtifactEntry>): Artifact {
  return new Map(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const withKernel = artifact({
  "genpack.json5": file("{ name: 'x' }\n"),
  kernel: directory,
  "kernel/config.d": directory,
  "kernel/config.d/a.config": file("CONFIG_A=y\n"),
});

describe("writing an artifact directory", () => {
  it("retires a genpack.json it did not write when forced, since genpack refuses both files", () => {
    const out = temporaryDirectory();
    writeFileSync(join(out, "genpack.json"), "{}");
    expect(writeArtifact(out, withKernel)).toMatchObject({ ok: false });
    expect(writeArtifact(out, withKernel, { force: true })).toMatchObject({ ok: true, changed: true });
    expect(existsSync(join(out, "genpack.json"))).toBe(false);
    expect(existsSync(join(out, "genpack.json5"))).toBe(true);
  });

  it("refuses while another running process writes the same directory", () => {
    const out = temporaryDirectory();
    writeFileSync(join(out, ".gp-artifact.lock"), `${process.ppid}\n`);
    const result = writeArtifact(out, withKernel);
    expect(result).toMatchObject({ ok: false });
    expect(JSON.stringify(result)).toContain("Another gp is writing");
  });

  it("takes over a lock left by a process that is gone", () => {
    const out = temporaryDirectory();
    writeFileSync(join(out, ".gp-artifact.lock"), "999999999\n");
    expect(writeArtifact(out, withKernel)).toMatchObject({ ok: true });
    expect(existsSync(join(out, ".gp-artifact.lock"))).toBe(false);
  });

  it("replaces every name it may write once its manifest is there, as after an interrupted write", () => {
    const out = temporaryDirectory();
    writeFileSync(join(out, MANIFEST_NAME), JSON.stringify({ generator: "genpack-ts", entries: ["genpack.json5"] }));
    mkdirSync(join(out, "kernel"));
    writeFileSync(join(out, "kernel/half-written"), "");
    expect(writeArtifact(out, withKernel)).toMatchObject({ ok: true });
    expect(existsSync(join(out, "kernel/half-written"))).toBe(false);
    expect(readFileSync(join(out, "kernel/config.d/a.config"), "utf8")).toBe("CONFIG_A=y\n");
  });

  it("gives genpack.json5 a new time when a directory genpack rebuilds from goes away", () => {
    const out = temporaryDirectory();
    expect(writeArtifact(out, withKernel)).toMatchObject({ ok: true });
    const past = new Date("2020-01-01T00:00:00Z");
    utimesSync(join(out, "genpack.json5"), past, past);
    const withoutKernel = artifact({ "genpack.json5": file("{ name: 'x' }\n") });
    expect(writeArtifact(out, withoutKernel)).toMatchObject({ ok: true, changed: true });
    expect(existsSync(join(out, "kernel"))).toBe(false);
    expect(statSync(join(out, "genpack.json5")).mtime.getTime()).toBeGreaterThan(past.getTime());
  });

  it("reports an output path below a regular file as a user error, without a stack trace", async () => {
    const base = temporaryDirectory();
    writeFileSync(join(base, "plain"), "");
    writeFileSync(join(base, "x.image.ts"), 'import { defineImage } from "genpack-ts";\nexport default defineImage({});\n');
    const run = await runGp(["compile", "x.image.ts", "-o", "plain/sub", "--no-check"], { cwd: base });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("GP4002");
    expect(hasStackTrace(run.stderr)).toBe(false);
  });
});
