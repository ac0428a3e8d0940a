import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Command, type CommandClass } from "clipanion";
import { describe, expect, it } from "vitest";
import { declarationOf } from "../../cli/command-declaration.js";
import { commandClasses, commandClassesIn, commandLoaders } from "../../cli/index.js";
import { GP_OPTION } from "../../cli/options.js";
import { hasStackTrace, ROOT, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

const COMMANDS = (await commandClasses()).flatMap((commandClass) => (commandClass.paths ?? []).map((path) => ({ path, commandClass })));

/** A run in an empty folder, with VMs looked up in an empty runtime directory. */
function runAlone(args: readonly string[]) {
  const directory = temporaryDirectory();
  return runGp(args, { cwd: directory, env: { GP_VM_RUNTIME_DIR: directory } });
}

/** What clipanion prints when it cannot tell what is wrong with a command line. */
const CLUELESS = /Command not found|Unknown Syntax Error|Not enough positional arguments/;

describe("the commands gp loads by the first word of a command line", () => {
  it("are the commands whose paths start with that word, and every command is under one", async () => {
    const loaded: CommandClass[] = [];
    for (const [word, load] of commandLoaders()) {
      const commands = await load();
      expect(commands.length, word).toBeGreaterThan(0);
      for (const command of commands) expect((command.paths ?? []).map((path) => path[0]), command.name).toEqual((command.paths ?? []).map(() => word));
      loaded.push(...commands);
    }
    expect(new Set(loaded).size).toBe(loaded.length);
    // Every command class any module under cli/commands exports.
    const directory = join(ROOT, "cli", "commands");
    const declared = new Set<unknown>();
    for (const file of readdirSync(directory, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".ts"))) {
      for (const command of commandClassesIn((await import(join(directory, file))) as Record<string, unknown>)) declared.add(command);
    }
    expect(declared.size).toBeGreaterThan(30);
    expect([...declared].filter((command) => !loaded.includes(command as CommandClass)).map((command) => (command as { name: string }).name)).toEqual([]);
  });
});

describe("every command", () => {
  it("shows its help with --help", async () => {
    for (const { path, commandClass } of COMMANDS) {
      const run = await runAlone([...path, "--help"]);
      expect(run.exitCode, `gp ${path.join(" ")} --help`).toBe(0);
      expect(run.stdout, `gp ${path.join(" ")} --help`).toContain(`$ gp ${path.join(" ")}`);
      const description = commandClass.usage?.description ?? "";
      expect(run.stdout.toLowerCase(), `gp ${path.join(" ")} --help`).toContain(description.toLowerCase());
    }
  });

  it("run with no arguments, does its job or says what it needs, never that no command matched", async () => {
    for (const { path, commandClass } of COMMANDS) {
      const run = await runAlone(path);
      const said = `${run.stdout}${run.stderr}`;
      const label = `gp ${path.join(" ")}: ${said}`;
      expect([0, 1], label).toContain(run.exitCode);
      expect(said, label).not.toMatch(CLUELESS);
      expect(hasStackTrace(said), label).toBe(false);
      if (run.exitCode === 1) expect(run.stderr.trim(), label).not.toBe("");
      // What it lacks is named: the first required option, else the first required argument.
      const declaration = declarationOf(commandClass as CommandClass);
      const option = declaration.options.find((candidate) => candidate.required);
      const positional = declaration.positionals.find((candidate) => candidate.required)?.name ?? (declaration.rest?.required ? declaration.rest.name : undefined);
      if (option !== undefined) expect(run.stderr, label).toContain(`gp ${path.join(" ")} needs ${option.names.join(" or ")}`);
      else if (positional !== undefined) expect(run.stderr, label).toContain(`gp ${path.join(" ")} needs <${positional}>`);
    }
  });

  it("declares its options through gp's rules for repeated and empty values", () => {
    for (const { path, commandClass } of COMMANDS) {
      const command = new (commandClass as unknown as new () => Record<string, unknown>)();
      for (const key in command) {
        const value = command[key] as Record<PropertyKey, unknown> | null;
        if (typeof value === "object" && value !== null && value[Command.isOption] === true) expect(value[GP_OPTION], `gp ${path.join(" ")}: ${key}`).toBe(true);
      }
    }
  });
});

describe("a missing part of a command line", () => {
  it.each([
    [["vm", "ssh"], "gp vm ssh needs <name>"],
    [["install"], "gp install needs <image.squashfs>"],
    [["install", "--disk", "disk.img"], "gp install needs <image.squashfs>"],
    [["catalog"], "gp catalog needs --repo"],
    [["catalog", "-o", "x.d.ts"], "gp catalog needs --repo"],
    [["resolve", "."], "gp resolve needs --arch"],
  ])("is named: gp %j", async (args, message) => {
    const run = await runAlone(args);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(CLUELESS);
    expect(run.stdout).toBe("");
  });
});

describe("help", () => {
  it("lists the commands of gp vm with gp vm --help, and with gp vm alone as a mistake", async () => {
    const vmCommands = COMMANDS.filter(({ path }) => path[0] === "vm").map(({ path }) => `gp ${path.join(" ")}`);
    const asked = await runAlone(["vm", "--help"]);
    expect(asked.exitCode).toBe(0);
    for (const command of vmCommands) expect(asked.stdout).toContain(command);
    const bare = await runAlone(["vm"]);
    expect(bare.exitCode).toBe(1);
    expect(bare.stderr).toContain("gp vm needs one of its commands");
    for (const command of vmCommands) expect(bare.stderr).toContain(command);
  });

  it("is shown for -h or --help anywhere among a command's own words, and for gp help COMMAND", async () => {
    for (const args of [["vm", "run", "image.squashfs", "--help"], ["vm", "run", "--detach", "-h"], ["help", "vm", "run"]]) {
      const run = await runAlone(args);
      expect(run.exitCode, args.join(" ")).toBe(0);
      expect(run.stdout, args.join(" ")).toContain("Boot a system image in a QEMU virtual machine");
    }
  });

  it("is not what a --help after -- or after a proxied command means", async () => {
    // gp vm ssh passes the words after the VM's name to ssh; so the VM is looked up, not help shown.
    const run = await runAlone(["vm", "ssh", "nonesuch", "ls", "--help"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("no VM named nonesuch is running");
  });

  it("suggests the closest command for an unknown one, in a group too", async () => {
    const run = await runAlone(["biuld"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('gp has no command "biuld". Did you mean gp build?');
    const vm = await runAlone(["vm", "stpo", "nextcloud"]);
    expect(vm.exitCode).toBe(1);
    expect(vm.stderr).toContain('gp vm has no command "stpo". Did you mean gp vm stop?');
  });
});

describe("an option given twice", () => {
  it.each([
    [["build", "--arch", "x86_64", "--arch", "aarch64"], "--arch is given twice (--arch x86_64, --arch aarch64)"],
    [["vm", "run", "x.squashfs", "-n", "a", "--name", "b"], "--name is given twice (-n a, --name b)"],
    [["compile", "x.image.ts", "--check", "--no-check"], "--check is given twice (--check, --no-check)"],
    [["--arch", "x86_64", "build", ".", "--arch", "x86_64"], "--arch is given twice"],
  ])("is refused when it holds one value: gp %j", async (args, message) => {
    const run = await runAlone(args);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  it("is taken in full where it may repeat", async () => {
    // Both --net values reach gp vm run's own check, which refuses none beside another network.
    const networks = await runAlone(["vm", "run", "x.squashfs", "--net", "user", "--net", "none"]);
    expect(networks.exitCode).toBe(1);
    expect(networks.stderr).toContain("--net none cannot go with other --net options");
    const forwards = await runAlone(["vm", "run", "x.squashfs", "-p", "8080:80", "--port-forward", "8080:81"]);
    expect(forwards.stderr).toContain("host port 8080/tcp is forwarded twice");
    // gp lock takes every --arch; what stops it here is the missing artifact.
    const lock = await runAlone(["lock", "--offline", "--arch", "x86_64", "--arch", "aarch64"]);
    expect(lock.exitCode).toBe(1);
    expect(lock.stderr).not.toContain("given twice");
    expect(lock.stderr).toContain("GP1012");
  });
});

describe("an empty value", () => {
  it.each([
    [["build", "--variant", ""]],
    [["build", "--variant="]],
    [["explain", "x.image.ts", "--variant", ""]],
    [["resolve", ".", "--arch", "x86_64", "--variant="]],
    [["vm", "run", "x.squashfs", "--net", ""]],
  ])("is refused: gp %j", async (args) => {
    const run = await runAlone(args);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/--\w+ is given an empty value/);
  });

  it("is refused for an argument too", async () => {
    const run = await runAlone(["compile", ""]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("<blueprint> is empty");
  });
});

describe("gp build --binhost", () => {
  it("is named in the help and refuses a URL that is not http or https, or that carries a password, before anything is built", async () => {
    const help = await runAlone(["build", "--help"]);
    expect(help.stdout).toContain("--binhost");
    const ftp = await runAlone(["build", "--binhost", "ftp://binhost.example/x86_64"]);
    expect(ftp.exitCode).toBe(1);
    expect(ftp.stderr).toContain("--binhost ftp://binhost.example/x86_64 is not an http or https URL.");
    const secret = await runAlone(["build", "--binhost", "https://me:hunter2@binhost.example/x86_64"]);
    expect(secret.exitCode).toBe(1);
    expect(secret.stderr).toContain("carries a user name or password");
    expect(secret.stderr).not.toContain("hunter2");
  });
});

describe("gp build --compression", () => {
  it("offers genpack's four compressions and zstd, in its help and when refusing another", async () => {
    const help = await runAlone(["build", "--help"]);
    expect(help.stdout).toContain("SquashFS compression: gzip, xz, lzo, zstd, none");
    const refused = await runAlone(["build", "--compression", "brotli"]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("--compression brotli is not offered; use gzip, xz, lzo, zstd, none.");
  });

  it("takes zstd, which genpack.json5 may not name: what stops it here is the missing artifact", async () => {
    const run = await runAlone(["build", "--compression", "zstd"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toContain("not offered");
    expect(run.stderr).toContain("GP1012");
  });
});
