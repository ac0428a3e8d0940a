import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
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

/** A directory beside the output that gp must never touch, and the output with a manifest naming `entries`. */
function forgedManifest(entries: unknown): { base: string; out: string; sibling: string } {
  const base = temporaryDirectory();
  const sibling = join(base, "sibling");
  mkdirSync(sibling);
  writeFileSync(join(sibling, "keep.txt"), "the user's\n");
  const out = join(base, "out");
  mkdirSync(join(out, "work/x86_64"), { recursive: true });
  writeFileSync(join(out, "work/x86_64/lower.json"), "{}\n");
  writeFileSync(join(out, MANIFEST_NAME), JSON.stringify({ generator: "genpack-ts", entries }));
  return { base, out, sibling };
}

function messagesOf(result: ReturnType<typeof writeArtifact>): string {
  return result.ok ? "" : result.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.location?.file ?? ""} ${diagnostic.message}`).join("\n");
}

describe("a manifest gp did not write", () => {
  it.each([
    ["a path out of the directory", ["genpack.json5", "../sibling"], '"../sibling"'],
    ["genpack's work directory", ["genpack.json5", "work"], '"work"'],
    ["a number", ["genpack.json5", 7], "7"],
  ])("that lists %s is an error naming the manifest, and nothing is removed", (_what, entries, shown) => {
    const { out, sibling } = forgedManifest(entries);
    for (const force of [false, true]) {
      const result = writeArtifact(out, withKernel, { force });
      expect(result).toMatchObject({ ok: false, diagnostics: [{ code: "GP4004", location: { file: join(out, MANIFEST_NAME) } }] });
      expect(messagesOf(result)).toContain(`lists ${shown}, which is not a name gp writes`);
    }
    expect(readFileSync(join(sibling, "keep.txt"), "utf8")).toBe("the user's\n");
    expect(readFileSync(join(out, "work/x86_64/lower.json"), "utf8")).toBe("{}\n");
    expect(readdirSync(out).sort()).toEqual([MANIFEST_NAME, "work"]);
  });

  it("that claims a link, where gp writes a directory, is refused and the link's target kept", () => {
    const { base, out } = forgedManifest(["genpack.json5", "kernel"]);
    mkdirSync(join(base, "sources"));
    writeFileSync(join(base, "sources/vsock.config"), "mine\n");
    symlinkSync(join(base, "sources"), join(out, "kernel"));
    const result = writeArtifact(out, withKernel, { force: true });
    expect(messagesOf(result)).toContain("lists kernel, which is a symbolic link here, not a directory as gp writes it");
    expect(readFileSync(join(base, "sources/vsock.config"), "utf8")).toBe("mine\n");
  });

  it("that is not JSON, or a FIFO, is named, and a FIFO is not waited on", { timeout: 10_000 }, () => {
    const out = temporaryDirectory();
    writeFileSync(join(out, MANIFEST_NAME), "{ not json");
    expect(messagesOf(writeArtifact(out, withKernel))).toContain(`${MANIFEST_NAME} is not valid JSON`);
    const piped = temporaryDirectory();
    execFileSync("mkfifo", [join(piped, MANIFEST_NAME)]);
    expect(messagesOf(writeArtifact(piped, withKernel))).toContain(`${MANIFEST_NAME} is a FIFO, not a file`);
  });
});

describe("where gp writes", () => {
  it("refuses a non-empty directory it did not write, keeping what is there, and writes beside it with force", () => {
    const docs = temporaryDirectory();
    writeFileSync(join(docs, "notes.md"), "my notes\n");
    const refused = writeArtifact(docs, withKernel);
    expect(refused).toMatchObject({ ok: false, diagnostics: [{ code: "GP4001" }] });
    expect(messagesOf(refused)).toContain("it holds notes.md");
    expect(readdirSync(docs)).toEqual(["notes.md"]);
    expect(writeArtifact(docs, withKernel, { force: true })).toMatchObject({ ok: true });
    expect(readFileSync(join(docs, "notes.md"), "utf8")).toBe("my notes\n");
    expect(readdirSync(docs).sort()).toEqual([MANIFEST_NAME, "genpack.json5", "kernel", "notes.md"]);
  });

  it("never writes a directory that holds a file the blueprint reads, even with force", () => {
    const project = temporaryDirectory();
    writeFileSync(join(project, "x.image.ts"), "");
    mkdirSync(join(project, "kernel"));
    writeFileSync(join(project, "kernel/own.config"), "CONFIG_OWN=y\n");
    for (const out of [project, join(project, "kernel")]) {
      const result = writeArtifact(out, withKernel, { force: true, sources: [join(project, "x.image.ts"), join(project, "kernel/own.config")] });
      expect(result).toMatchObject({ ok: false, diagnostics: [{ code: "GP4003" }] });
      expect(messagesOf(result)).toContain("which the blueprint reads");
    }
    expect(readdirSync(project).sort()).toEqual(["kernel", "x.image.ts"]);
    expect(readdirSync(join(project, "kernel"))).toEqual(["own.config"]);
  });

  it("does not follow a link out of the folder the output must stay in", () => {
    const elsewhere = temporaryDirectory();
    const project = temporaryDirectory();
    symlinkSync(elsewhere, join(project, "out"));
    const result = writeArtifact(join(project, "out/simple"), withKernel, { within: project });
    expect(result).toMatchObject({ ok: false, diagnostics: [{ code: "GP4003" }] });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("removes every directory it created, and its lock and staging directory, when a write fails", () => {
    const base = temporaryDirectory();
    const out = join(base, "a/b/out");
    // An entry whose parent directory is missing from the artifact makes staging fail half way.
    const broken = artifact({ "genpack.json5": file("{}\n"), "kernel/config.d/a.config": file("CONFIG_A=y\n") });
    expect(writeArtifact(out, broken)).toMatchObject({ ok: false, diagnostics: [{ code: "GP4002" }] });
    expect(readdirSync(base)).toEqual([]);
  });

  it("names a lock that is a FIFO or a directory instead of waiting on it or taking it over", { timeout: 10_000 }, () => {
    for (const make of [(path: string) => execFileSync("mkfifo", [path]), (path: string) => mkdirSync(path)]) {
      const out = temporaryDirectory();
      make(join(out, ".gp-artifact.lock"));
      const result = writeArtifact(out, withKernel);
      expect(messagesOf(result)).toMatch(/\.gp-artifact\.lock is a (FIFO|directory), not a file, so it is no lock gp made/);
      expect(existsSync(join(out, ".gp-artifact.lock"))).toBe(true);
      expect(existsSync(join(out, "genpack.json5"))).toBe(false);
    }
  });
});
