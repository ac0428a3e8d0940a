import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readInputFile, readInputText } from "../../host/input-file.js";
import { outwardLink } from "../../host/path-inside.js";
import { ROOT } from "../helpers/gp.js";
import { permissionsEnforced } from "../helpers/permissions.js";
import { temporaryDirectory } from "../helpers/temp.js";

function mkfifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

describe("reading an input file", () => {
  it("reads a regular file, also through a link that stays inside the directory it must stay in", () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "conf"));
    writeFileSync(join(directory, "conf/real.json5"), "{}\n");
    symlinkSync("conf/real.json5", join(directory, "genpack.json5"));
    expect(readInputText(join(directory, "genpack.json5"), { within: directory })).toEqual({ ok: true, text: "{}\n" });
  });

  it("names a FIFO as a FIFO at once instead of waiting for a writer", { timeout: 5_000 }, () => {
    const directory = temporaryDirectory();
    mkfifo(join(directory, "genpack.json5"));
    expect(readInputFile(join(directory, "genpack.json5"))).toEqual({ ok: false, problem: "not-a-file", reason: "is a FIFO, not a file" });
  });

  it("names a link to a FIFO as such, without opening the FIFO", { timeout: 5_000 }, () => {
    const directory = temporaryDirectory();
    mkfifo(join(directory, "pipe"));
    symlinkSync("pipe", join(directory, "gp.lock"));
    expect(readInputFile(join(directory, "gp.lock"), { within: directory })).toEqual({ ok: false, problem: "not-a-file", reason: "is a symbolic link to a FIFO, not to a file" });
  });

  it("names a directory and a device as what they are", () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "genpack.json5"));
    expect(readInputFile(join(directory, "genpack.json5"))).toMatchObject({ problem: "not-a-file", reason: "is a directory, not a file" });
    expect(readInputFile("/dev/null")).toMatchObject({ problem: "not-a-file", reason: "is a character device, not a file" });
  });

  it("names a symbolic link loop as a loop, not as a missing file", () => {
    const directory = temporaryDirectory();
    symlinkSync("b", join(directory, "a"));
    symlinkSync("a", join(directory, "b"));
    expect(readInputFile(join(directory, "a"))).toEqual({ ok: false, problem: "link-loop", reason: "is a symbolic link that loops" });
    expect(readInputFile(join(directory, "a"), { within: directory })).toMatchObject({ problem: "link-loop" });
  });

  it("tells a link into nothing from a file that is not there", () => {
    const directory = temporaryDirectory();
    symlinkSync("nowhere", join(directory, "dangling"));
    expect(readInputFile(join(directory, "dangling"))).toEqual({ ok: false, problem: "missing", reason: "is a symbolic link to something that does not exist" });
    expect(readInputFile(join(directory, "absent"))).toEqual({ ok: false, problem: "missing", reason: "does not exist" });
  });

  it("refuses a link out of the directory it must stay in before looking at what it leads to", { timeout: 5_000 }, () => {
    const outside = temporaryDirectory();
    const directory = temporaryDirectory();
    writeFileSync(join(outside, "secret"), "TOPSECRET\n");
    mkfifo(join(outside, "pipe"));
    symlinkSync(join(outside, "secret"), join(directory, "genpack.json5"));
    symlinkSync(join(outside, "pipe"), join(directory, "gp.lock"));
    const options = { within: directory, withinName: "the artifact directory" };
    expect(readInputFile(join(directory, "genpack.json5"), options)).toEqual({ ok: false, problem: "link-escapes", reason: "is a symbolic link that leads out of the artifact directory" });
    // Out of bounds comes first: the FIFO behind the link is neither opened nor named.
    expect(readInputFile(join(directory, "gp.lock"), options)).toMatchObject({ problem: "link-escapes" });
  });

  const permissions = permissionsEnforced();
  it.skipIf(!permissions.available)(`reports a file the system refuses to read with the reason, not as an exception${permissions.available ? "" : ` (skipped: ${permissions.reason})`}`, () => {
    const directory = temporaryDirectory();
    const file = join(directory, "system.ini");
    writeFileSync(file, "[_default]\n");
    chmodSync(file, 0o000);
    // Root reads anything; the helper runs without the capabilities that allow that.
    const module = resolve(ROOT, "dist/host/input-file.js");
    const script = `import(${JSON.stringify(module)}).then((m) => process.stdout.write(JSON.stringify(m.readInputFile(${JSON.stringify(file)}))))`;
    const [program = "", ...args] = [...permissions.wrapper, process.execPath, "-e", script];
    expect(JSON.parse(execFileSync(program, args, { encoding: "utf8" }))).toEqual({ ok: false, problem: "unreadable", reason: "cannot be read (EACCES: permission denied)" });
  });
});

describe("links on the way to a file", () => {
  it("finds a link a project ships that leads out of its folder, and passes links that stay inside", () => {
    const outside = temporaryDirectory();
    const project = temporaryDirectory();
    writeFileSync(join(outside, "secret.ts"), "");
    mkdirSync(join(project, "lib"));
    writeFileSync(join(project, "lib/real.ts"), "");
    symlinkSync(join(outside, "secret.ts"), join(project, "x.ts"));
    symlinkSync(outside, join(project, "shared"));
    symlinkSync("lib/real.ts", join(project, "inside.ts"));
    expect(outwardLink(join(project, "x.ts"), project)).toBe(join(project, "x.ts"));
    expect(outwardLink(join(project, "shared/secret.ts"), project)).toBe(join(project, "shared"));
    expect(outwardLink(join(project, "inside.ts"), project)).toBeUndefined();
    expect(outwardLink(join(project, "lib/real.ts"), project)).toBeUndefined();
  });

  it("does not count the links the working directory is itself reached through", () => {
    const disk = temporaryDirectory();
    const home = temporaryDirectory();
    mkdirSync(join(disk, "work"));
    writeFileSync(join(disk, "work/a.image.ts"), "");
    symlinkSync(join(disk, "work"), join(home, "work"));
    expect(outwardLink(join(home, "work/a.image.ts"), join(home, "work"))).toBeUndefined();
    expect(outwardLink(join(home, "work/a.image.ts"), "/")).toBe(join(home, "work"));
  });
});
