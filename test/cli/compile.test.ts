import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonDiagnostics, jsonLines, ROOT, runGp } from "../helpers/gp.js";
import { readmeBlock } from "../helpers/readme.js";
import { suiteDirectory, temporaryDirectory } from "../helpers/temp.js";

const SIMPLE = `import { defineImage } from "genpack-ts";

export default defineImage({
  name: "simple",
  packages: ["app-misc/screen"],
  envFiles: { "debug.conf": "FEATURES=splitdebug\\n" },
  env: { "app-misc/screen": "debug.conf" },
  kernelConfig: { "vsock.config": "CONFIG_VSOCKETS=y\\n" },
});
`;

function project(source = SIMPLE): string {
  const directory = temporaryDirectory();
  writeFileSync(join(directory, "simple.image.ts"), source);
  return directory;
}

describe("gp compile", () => {
  it("compiles the README's example, written by a new user in an empty folder, to exactly its values", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "nextcloud.image.ts"), readmeBlock("ts"));
    const run = await runGp(["compile", "nextcloud.image.ts"], { cwd: directory });
    expect(run.exitCode).toBe(0);
    const written = readFileSync(join(directory, "out/nextcloud/genpack.json5"), "utf8");
    expect(JSON5.parse(written)).toEqual({
      name: "nextcloud",
      profile: "paravirt",
      compression: "xz",
      packages: ["www-apps/nextcloud", "dev-db/mysql", "dev-lang/php", "net-misc/redis"],
      use: { "dev-lang/php": "+mysql +curl +gd +xml +zip" },
      users: [{ name: "nextcloud", uid: 1000 }],
      services: ["apache2", "mysqld", "redis"],
    });
    // The README shows the file and the warning exactly as gp writes them.
    expect(written).toBe(readmeBlock("json5"));
    const shownWarning = readmeBlock("", 0).split("\n").slice(0, 7).join("\n");
    expect(run.stderr).toContain(shownWarning);
  });

  it("compiles the README's package example, type-checked, into an overlay with the ebuild, its files and a Manifest", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "greeter.image.ts"), readmeBlock("ts", 1));
    writeFileSync(join(directory, "greeter.py"), "def configure(ini):\n    pass\n");
    writeFileSync(join(directory, "greeter.service"), "[Service]\nExecStart=/usr/bin/figlet hello\n");
    const run = await runGp(["compile", "greeter.image.ts"], { cwd: directory });
    expect(run.exitCode, run.stderr).toBe(0);
    const packageDirectory = join(directory, "out/greeter/overlay/app-misc/greeter");
    const files = readdirSync(packageDirectory, { recursive: true, encoding: "utf8" }).sort();
    expect(files).toEqual(expect.arrayContaining(["Manifest", "metadata.xml", "files/etc/greeter.conf", "files/usr/lib/genpack-init/50greeter.py", "files/usr/lib/systemd/system/greeter.service"]));
    expect(files.filter((file) => /^greeter-1\.0-r\d+\.ebuild$/.test(file))).toHaveLength(1);
    expect(JSON5.parse(readFileSync(join(directory, "out/greeter/genpack.json5"), "utf8"))).toMatchObject({ packages: ["app-misc/greeter"] });
  });

  it("compiles the blueprint of the README's first command", async () => {
    const out = join(temporaryDirectory(), "nextcloud");
    const run = await runGp(["compile", "blueprints/nextcloud/nextcloud.image.ts", "-o", out], { cwd: ROOT });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("compiled blueprints/nextcloud/nextcloud.image.ts");
    expect(JSON5.parse(readFileSync(join(out, "genpack.json5"), "utf8"))).toMatchObject({ name: "nextcloud", profile: "paravirt" });
  });

  it("prints one JSON result with --json", async () => {
    const directory = project();
    const run = await runGp(["compile", "simple.image.ts", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([expect.objectContaining({ type: "result", ok: true, name: "simple", outDir: "out/simple", changed: true, files: 4 })]);
  });

  it("keeps the previous output whole when a compile fails", async () => {
    const directory = project();
    expect((await runGp(["compile", "simple.image.ts"], { cwd: directory })).exitCode).toBe(0);
    const before = readFileSync(join(directory, "out/simple/genpack.json5"), "utf8");
    writeFileSync(join(directory, "simple.image.ts"), SIMPLE.replace('"app-misc/screen"', '"app-misc/screen-4"'));
    const run = await runGp(["compile", "simple.image.ts"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(readFileSync(join(directory, "out/simple/genpack.json5"), "utf8")).toBe(before);
    expect(readdirSync(join(directory, "out/simple")).sort()).toEqual([".gp-artifact.json", "env", "genpack.json5", "kernel", "system-ini.json"]);
  });

  it("refuses to replace a genpack.json5 that gp did not write, unless --force", async () => {
    const directory = project();
    mkdirSync(join(directory, "out/simple"), { recursive: true });
    writeFileSync(join(directory, "out/simple/genpack.json5"), "{ name: 'hand-written' }\n");
    const refused = await runGp(["compile", "simple.image.ts"], { cwd: directory });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("GP4001");
    expect(hasStackTrace(refused.stderr)).toBe(false);
    expect(readFileSync(join(directory, "out/simple/genpack.json5"), "utf8")).toBe("{ name: 'hand-written' }\n");
    const forced = await runGp(["compile", "simple.image.ts", "--force"], { cwd: directory });
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(directory, "out/simple/genpack.json5"), "utf8")).toContain('name: "simple"');
  });

  it("leaves genpack's work directory and images alone, and removes what it no longer writes", async () => {
    const directory = project();
    const out = join(directory, "out/simple");
    expect((await runGp(["compile", "simple.image.ts"], { cwd: directory })).exitCode).toBe(0);
    mkdirSync(join(out, "work/x86_64"), { recursive: true });
    writeFileSync(join(out, "work/x86_64/lower.done"), "lower build complete\n");
    writeFileSync(join(out, "simple-x86_64.squashfs"), "image");
    writeFileSync(join(directory, "simple.image.ts"), SIMPLE.replace(/ {2}envFiles.*\n {2}env.*\n/, ""));
    expect((await runGp(["compile", "simple.image.ts"], { cwd: directory })).exitCode).toBe(0);
    expect(existsSync(join(out, "env"))).toBe(false);
    expect(readFileSync(join(out, "work/x86_64/lower.done"), "utf8")).toBe("lower build complete\n");
    expect(readFileSync(join(out, "simple-x86_64.squashfs"), "utf8")).toBe("image");
  });

  it("keeps the modification times of unchanged files, so genpack does not rebuild its lower layer", async () => {
    const directory = project();
    const out = join(directory, "out/simple");
    expect((await runGp(["compile", "simple.image.ts"], { cwd: directory })).exitCode).toBe(0);
    const past = new Date("2020-01-01T00:00:00Z");
    for (const path of ["kernel/config.d/vsock.config", "kernel/config.d", "kernel", "env/debug.conf", "env", "genpack.json5"]) {
      utimesSync(join(out, path), past, past);
    }
    const unchanged = await runGp(["compile", "simple.image.ts"], { cwd: directory });
    expect(unchanged.stdout).toContain("up to date");
    writeFileSync(join(directory, "simple.image.ts"), SIMPLE.replace("FEATURES=splitdebug", "FEATURES=nostrip"));
    expect((await runGp(["compile", "simple.image.ts"], { cwd: directory })).exitCode).toBe(0);
    const mtime = (path: string) => statSync(join(out, path)).mtime.getTime();
    expect(mtime("kernel/config.d/vsock.config")).toBe(past.getTime());
    expect(mtime("kernel/config.d")).toBe(past.getTime());
    expect(mtime("kernel")).toBe(past.getTime());
    expect(mtime("genpack.json5")).toBe(past.getTime());
    expect(mtime("env/debug.conf")).toBeGreaterThan(past.getTime());
    expect(readFileSync(join(out, "env/debug.conf"), "utf8")).toBe("FEATURES=nostrip\n");
  });

  it("skips the type-check with --no-check, and still validates", async () => {
    const directory = project(SIMPLE.replace('packages: ["app-misc/screen"]', "packages: [42 as never]"));
    const checked = await runGp(["compile", "simple.image.ts", "--json"], { cwd: directory });
    expect(jsonLines(checked.stdout)).toContainEqual(expect.objectContaining({ code: "GP3002", line: 5, column: 14 }));
    const typed = project(SIMPLE.replace('packages: ["app-misc/screen"]', "packages: [42]"));
    const withCheck = await runGp(["compile", "simple.image.ts", "--json"], { cwd: typed });
    expect(jsonLines(withCheck.stdout)).toContainEqual(expect.objectContaining({ code: "TS2322" }));
    const withoutCheck = await runGp(["compile", "simple.image.ts", "--json", "--no-check"], { cwd: typed });
    expect(jsonLines(withoutCheck.stdout)).toContainEqual(expect.objectContaining({ code: "GP3002" }));
  });

  it("gives each module its own import.meta, as if it ran unbundled", async () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "sub"));
    writeFileSync(join(directory, "sub/helper.ts"), 'export const where = `${import.meta.url}\\n${import.meta.dirname}\\n${import.meta.resolve("./motd")}\\n`;\n');
    writeFileSync(join(directory, "m.image.ts"), 'import { defineImage } from "genpack-ts";\nimport { where } from "./sub/helper.js";\nexport default defineImage({ name: "m", files: { "/etc/where": where, "/etc/here": import.meta.filename } });\n');
    const run = await runGp(["compile", "m.image.ts", "--no-check"], { cwd: directory });
    expect(run.exitCode).toBe(0);
    const helper = join(directory, "sub/helper.ts");
    expect(readFileSync(join(directory, "out/m/files/etc/where"), "utf8")).toBe(`${pathToFileURL(helper).href}\n${join(directory, "sub")}\n${pathToFileURL(join(directory, "sub/motd")).href}\n`);
    expect(readFileSync(join(directory, "out/m/files/etc/here"), "utf8")).toBe(join(directory, "m.image.ts"));
  });

  it("colours output only when asked, and never with NO_COLOR", async () => {
    const directory = project(SIMPLE.replace('"app-misc/screen"', '"app-misc/screen-4"'));
    const coloured = await runGp(["compile", "simple.image.ts"], { cwd: directory, env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(coloured.stderr).toContain("\u001b[31merror");
    const plain = await runGp(["compile", "simple.image.ts"], { cwd: directory, env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    expect(plain.stderr).not.toContain("\u001b[");
  });

  it("reports an unknown option as a usage error, without a stack trace", async () => {
    const run = await runGp(["compile", "x.image.ts", "--frobnicate"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout + run.stderr).toContain("Unsupported option name");
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
  });
});

/**
 * Runs gp with the root file system read-only in a mount namespace of its own, the test's
 * directory alone writable: a test of a refusal to write to `/` that cannot write there even if
 * the refusal were broken.
 */
function readOnlyRoot(writable: string): { available: boolean; reason: string; wrapper: string[] } {
  const script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro / && exec "$@"';
  const wrapper = ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script, writable];
  if (process.getuid?.() !== 0) return { available: false, reason: "making / read-only in a mount namespace needs root", wrapper };
  const probe = spawnSync(wrapper[0] as string, [...wrapper.slice(1), "sh", "-c", "! touch /.gp-read-only-probe 2>/dev/null"], { encoding: "utf8" });
  return probe.status === 0 ? { available: true, reason: "", wrapper } : { available: false, reason: `no read-only root in a mount namespace here: ${probe.stderr.trim()}`, wrapper };
}

describe("where gp compile writes", () => {
  it("refuses a folder of the user's notes unless --force, and then keeps the notes", async () => {
    const directory = project();
    mkdirSync(join(directory, "docs"));
    writeFileSync(join(directory, "docs/notes.md"), "my notes\n");
    const refused = await runGp(["compile", "simple.image.ts", "-o", "docs", "--no-check"], { cwd: directory });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("docs - error GP4001");
    expect(refused.stderr).toContain("it holds notes.md");
    expect(readdirSync(join(directory, "docs"))).toEqual(["notes.md"]);
    const forced = await runGp(["compile", "simple.image.ts", "-o", "docs", "--no-check", "--force"], { cwd: directory });
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(directory, "docs/notes.md"), "utf8")).toBe("my notes\n");
    expect(readdirSync(join(directory, "docs")).sort()).toEqual([".gp-artifact.json", "env", "genpack.json5", "kernel", "notes.md", "system-ini.json"]);
  });

  it("never writes into the folder that holds the blueprint, or one holding a file it reads, even with --force", async () => {
    const directory = project(SIMPLE.replace("kernelConfig:", 'files: { "/etc/app.conf": file("./files/app.conf") },\n  kernelConfig:').replace("{ defineImage }", "{ defineImage, file }"));
    mkdirSync(join(directory, "files"));
    writeFileSync(join(directory, "files/app.conf"), "mine\n");
    for (const out of [".", "files"]) {
      const run = await runGp(["compile", "simple.image.ts", "-o", out, "--no-check", "--force"], { cwd: directory });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("error GP4003");
      expect(run.stderr).toContain(out === "." ? "holds simple.image.ts, which the blueprint reads" : "holds app.conf, which the blueprint reads");
      expect(hasStackTrace(run.stderr)).toBe(false);
    }
    expect(readdirSync(directory).sort()).toEqual(["files", "simple.image.ts"]);
    expect(readdirSync(join(directory, "files"))).toEqual(["app.conf"]);
  });

  it("does not follow an out/ that a project ships as a link out of its folder", async () => {
    const directory = project();
    const elsewhere = temporaryDirectory();
    symlinkSync(elsewhere, join(directory, "out"));
    const run = await runGp(["compile", "simple.image.ts", "--no-check"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("error GP4003");
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("leaves a sibling folder and genpack's work directory alone when the manifest names them", async () => {
    const directory = project();
    expect((await runGp(["compile", "simple.image.ts", "--no-check"], { cwd: directory })).exitCode).toBe(0);
    const out = join(directory, "out/simple");
    mkdirSync(join(directory, "out/sibling"));
    writeFileSync(join(directory, "out/sibling/keep"), "kept\n");
    mkdirSync(join(out, "work"));
    writeFileSync(join(out, "work/keep"), "kept\n");
    writeFileSync(join(out, ".gp-artifact.json"), JSON.stringify({ generator: "genpack-ts", entries: ["genpack.json5", "../sibling", "work"] }));
    writeFileSync(join(directory, "simple.image.ts"), SIMPLE.replace("screen", "tmux"));
    const run = await runGp(["compile", "simple.image.ts", "--no-check", "--force"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("out/simple/.gp-artifact.json - error GP4004");
    expect(readFileSync(join(directory, "out/sibling/keep"), "utf8")).toBe("kept\n");
    expect(readFileSync(join(out, "work/keep"), "utf8")).toBe("kept\n");
  });

  it("names a blueprint that is a FIFO at once instead of waiting on it", { timeout: 20_000 }, async () => {
    const directory = temporaryDirectory();
    spawnSync("mkfifo", [join(directory, "pipe.image.ts")]);
    const run = await runGp(["compile", "pipe.image.ts"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("error GP1009: The blueprint");
    expect(run.stderr).toContain("pipe.image.ts is a FIFO, not a file.");
  });

  const scratch = suiteDirectory();
  const readOnly = readOnlyRoot(scratch);
  it.skipIf(!readOnly.available)(`refuses / before it writes anything, --force or not${readOnly.available ? "" : ` (skipped: ${readOnly.reason})`}`, async () => {
    const directory = join(scratch, "project");
    mkdirSync(join(directory, "tmp"), { recursive: true });
    writeFileSync(join(directory, "simple.image.ts"), SIMPLE);
    const env = { TMPDIR: join(directory, "tmp"), XDG_CACHE_HOME: join(directory, "cache") };
    for (const out of ["/", "../../../../../../.."]) {
      const run = await runGp(["compile", "simple.image.ts", "-o", out, "--no-check", "--force"], { cwd: directory, env, wrapper: readOnly.wrapper });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("error GP4003");
      expect(run.stderr).toContain("is the root of the file system");
    }
    expect(existsSync("/.gp-artifact.json")).toBe(false);
    expect(existsSync("/genpack.json5")).toBe(false);
  });
});

describe("gp check", () => {
  it("never reads or prints a declaration file reached through a link out of the project", async () => {
    const outside = temporaryDirectory();
    writeFileSync(join(outside, "secret"), '"TOPSECRET-51c2 root:$6$hash\n');
    const directory = project();
    symlinkSync(join(outside, "secret"), join(directory, "gp-catalog.d.ts"));
    const run = await runGp(["check", "simple.image.ts"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`gp-catalog.d.ts - error GP1011: This file leads through a symbolic link to ${join(outside, "secret")}, outside the blueprint's project`);
    expect(run.stderr + run.stdout).not.toContain("TOPSECRET");
  });

  it("names a file() source that is a FIFO or a link loop, without waiting on it", { timeout: 30_000 }, async () => {
    const directory = project(SIMPLE.replace("kernelConfig:", 'files: { "/etc/a": file("./pipe"), "/etc/b": file("./loop") },\n  kernelConfig:').replace("{ defineImage }", "{ defineImage, file }"));
    spawnSync("mkfifo", [join(directory, "pipe")]);
    symlinkSync("loop", join(directory, "loop"));
    const run = await runGp(["check", "simple.image.ts"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error GP3013: "./pipe" is a FIFO, not a file.');
    expect(run.stderr).toContain('error GP3013: "./loop" is a symbolic link that loops.');
  });

  it("checks several blueprints at once and writes nothing", async () => {
    const directory = project();
    writeFileSync(join(directory, "other.image.ts"), SIMPLE.replace('"simple"', '"other"'));
    const run = await runGp(["check", "simple.image.ts", "other.image.ts"], { cwd: directory });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("checked 2 targets: ok");
    expect(existsSync(join(directory, "out"))).toBe(false);
  });

  it("fails when one of them fails, naming the problem", async () => {
    const directory = project();
    writeFileSync(join(directory, "bad.image.ts"), SIMPLE.replace('"app-misc/screen"', '"screen"'));
    const run = await runGp(["check", "simple.image.ts", "bad.image.ts", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    const lines = jsonLines(run.stdout);
    expect(lines).toContainEqual(expect.objectContaining({ type: "diagnostic", code: "TS2322", file: "bad.image.ts" }));
    expect(lines).toContainEqual({ type: "result", ok: true, target: "simple.image.ts", checker: expect.any(Object) });
    expect(lines).toContainEqual({ type: "result", ok: false, target: "bad.image.ts", checker: expect.any(Object) });
  });

  it("checks blueprints under two tsconfig.json files in one run, ends, and leaves no compiler process behind", async () => {
    const directory = temporaryDirectory();
    for (const name of ["first", "second"]) {
      mkdirSync(join(directory, name));
      writeFileSync(join(directory, name, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "preserve", moduleResolution: "bundler", target: "es2022", noEmit: true } }));
      writeFileSync(join(directory, name, `${name}.image.ts`), `import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "${name}", compression: "zstd" });\n`);
    }
    const run = await runGp(["check", "first/first.image.ts", "second/second.image.ts", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(jsonDiagnostics(run.stdout).map((line) => [line["file"], line["code"]])).toEqual([
      ["first/first.image.ts", "TS2322"],
      ["second/second.image.ts", "TS2322"],
    ]);
    // The native compiler is started with gp's working folder; none with this one is left running.
    expect(spawnSync("pgrep", ["-f", "--", `--cwd ${directory}`]).status).toBe(1);
  });

  it("charges a type error in a shared profile to every blueprint that imports it", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "shared.profile.ts"), 'import { defineProfile } from "genpack-ts";\nexport default defineProfile({ compression: "zstd" });\n');
    const importer = 'import { defineImage } from "genpack-ts";\nimport shared from "./shared.profile.js";\nexport default defineImage({ extends: shared });\n';
    writeFileSync(join(directory, "a.image.ts"), importer);
    writeFileSync(join(directory, "b.image.ts"), importer);
    writeFileSync(join(directory, "c.image.ts"), 'import { defineImage } from "genpack-ts";\nexport default defineImage({});\n');
    const run = await runGp(["check", "a.image.ts", "b.image.ts", "c.image.ts", "--json"], { cwd: directory });
    const results = jsonLines(run.stdout).filter((line) => line["type"] === "result");
    expect(results).toEqual([
      { type: "result", ok: false, target: "a.image.ts", checker: expect.any(Object) },
      { type: "result", ok: false, target: "b.image.ts", checker: expect.any(Object) },
      { type: "result", ok: true, target: "c.image.ts", checker: expect.any(Object) },
    ]);
  });
});

describe("gp itself", () => {
  it("prints help that lists its commands", async () => {
    const run = await runGp(["--help"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("gp compile");
    expect(run.stdout).toContain("gp check");
  });

  it("prints the version of its package", async () => {
    const run = await runGp(["--version"]);
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(run.stdout.trim()).toBe(version);
  });

  it("explains each command with real examples", async () => {
    const run = await runGp(["compile", "--help"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("gp compile blueprints/nextcloud/nextcloud.image.ts");
  });
});
