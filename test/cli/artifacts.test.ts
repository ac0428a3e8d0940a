import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonLines, ROOT, runGp } from "../helpers/gp.js";
import { permissionsEnforced } from "../helpers/permissions.js";
import { temporaryDirectory } from "../helpers/temp.js";

const ARTIFACTS = resolve(ROOT, "test/artifacts");

describe("gp check on genpack artifacts", () => {
  it("reports every problem of a malformed genpack.json5 with its key path, and exits 1 without a stack trace", async () => {
    const run = await runGp(["check", "malformed", "--json"], { cwd: ARTIFACTS });
    expect(run.exitCode).toBe(1);
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
    const errors = jsonLines(run.stdout).filter((line) => line["severity"] === "error");
    expect(errors.map((line) => [line["code"], line["path"], line["line"]])).toEqual([
      ["GP3002", "profile", 3],
      ["GP3007", "compression", 4],
      ["GP3002", "packages", 5],
      ["GP3003", "buildtime_packages[0]", 6],
      ["GP3002", 'use["dev-lang/php"][1]', 7],
      ["GP3002", "users[0]", 8],
      ["GP3002", "users[0].uid", 8],
      ["GP3001", "buildtime-packages", 9],
      ["GP3005", "arch.amd64", 11],
      ["GP3002", "variants.cuda.arch.x86_64.packages[3]", 16],
      ["GP3012", "default_variant", 20],
    ]);
    expect(errors.find((line) => line["line"] === 16)?.["message"]).toBe("variants.cuda.arch.x86_64.packages[3]: expected a package atom, got a number.");
  });

  it("reports a JSON5 syntax error with its line and column", async () => {
    const run = await runGp(["check", "syntax-error"], { cwd: ARTIFACTS });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('syntax-error/genpack.json5:5:9 - error GP1003: Expected "," or "]" after a list element, found the start of a string.');
  });

  it("refuses a directory with both genpack.json5 and genpack.json, as genpack does", async () => {
    const run = await runGp(["check", "both"], { cwd: ARTIFACTS });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("error GP1006");
  });

  it("reads genpack.json as strict JSON", async () => {
    const run = await runGp(["resolve", "strict-json", "--arch", "x86_64", "--json"], { cwd: ARTIFACTS });
    expect(run.exitCode).toBe(0);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ portageFiles: { "etc/portage/package.use/genpack": "media-libs/mesa VIDEO_CARDS: virgl\n" } });
  });

  it("warns, with locations, about what genpack ignores or trips over, and still passes", async () => {
    const run = await runGp(["check", "lint", "--json"], { cwd: ARTIFACTS });
    expect(run.exitCode).toBe(0);
    const warnings = jsonLines(run.stdout).filter((line) => line["severity"] === "warning");
    expect(warnings.map((line) => [line["code"], line["path"], `${String(line["line"])}:${String(line["column"])}`])).toEqual([
      ["GP3001", "servics", "3:5"],
      ["GP3034", "users[0]", "4:13"],
      ["GP3034", "users[1].empty-password", "4:49"],
      ["GP3034", "setup_commands[1]", "5:30"],
      ["GP3001", "packages", "6:5"],
      ["GP3034", "arch.x86_64.setup_commands", "8:19"],
      ["GP3021", "arch.x86_64.packages[0]", "8:61"],
      ["GP3034", "variants.desktop.profile", "11:20"],
    ]);
  });
  it("refuses a genpack.json5 that is not UTF-8, pointing at the first bad byte", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "genpack.json5"), Buffer.concat([Buffer.from('{\n  name: "caf'), Buffer.from([0xe9]), Buffer.from('",\n}\n')]));
    const run = await runGp(["check", directory]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("genpack.json5:2:13 - error GP1003: The file is not valid UTF-8: byte 0xe9 at offset 14 starts no valid character.");
  });

  it("refuses whole numbers written as floats where genpack needs an int", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "genpack.json5"), `{ "lower-layer-capacity": 64.0, users: [{ name: "a", uid: 1e3 }], groups: [{ name: "g", gid: 1000 }] }`);
    const run = await runGp(["check", directory, "--json"]);
    expect(run.exitCode).toBe(1);
    const errors = jsonLines(run.stdout).filter((line) => line["severity"] === "error");
    expect(errors.map((line) => [line["path"], line["message"]])).toEqual([
      ["lower-layer-capacity", "lower-layer-capacity: expected a whole number of GiB, got a number written as a float."],
      ["users[0].uid", "users[0].uid: expected a whole number, got a number written as a float."],
    ]);
  });
});

describe("gp resolve", () => {
  it("prints exactly the documented keys with --json", async () => {
    const run = await runGp(["resolve", "edge", "--arch", "x86_64", "--json"], { cwd: ARTIFACTS });
    expect(run.exitCode).toBe(0);
    const [output] = jsonLines(run.stdout);
    expect(Object.keys(output ?? {})).toEqual(["variant", "portageProfile", "portageFiles", "binpkgExcludes", "buildtimePackagesFirst", "users", "groups", "services", "setupCommands", "outfile", "compression", "lowerLayerCapacity", "independentBinpkgs", "circulardepBreaker"]);
    expect(output).toMatchObject({
      variant: null,
      portageProfile: "genpack-overlay:genpack/amd64",
      setupCommands: ["echo '*/5 * * * * php -f /var/www/cron.php' | crontab -u apache -", "printf 'a\\\\b\\n' > /etc/backslash"],
      outfile: "edge-x86_64.squashfs",
    });
    expect(Object.keys((output?.["portageFiles"] ?? {}) as object)).toHaveLength(7);
    expect(output).toMatchObject({ compression: "gzip", lowerLayerCapacity: 64, circulardepBreaker: null });
  });

  it("prints the same in readable form", async () => {
    const run = await runGp(["resolve", "edge", "--arch", "aarch64"], { cwd: ARTIFACTS });
    expect(run.stdout).toContain("edge for aarch64, no variant");
    expect(run.stdout).toContain("portage profile      genpack-overlay:genpack/arm64");
    expect(run.stdout).toContain("--- etc/portage/package.use/genpack\n*/* python_targets_python3_12\ndev-lang/php mysql curl\n");
  });

  it("resolves a blueprint through the artifact it compiles to", async () => {
    const run = await runGp(["resolve", "blueprints/nextcloud/nextcloud.image.ts", "--arch", "x86_64", "--json"]);
    expect(run.exitCode).toBe(0);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ portageProfile: "genpack-overlay:genpack/amd64/paravirt", outfile: "nextcloud-x86_64.squashfs", services: ["apache2", "mysqld", "postfix", "redis", "vsock-export-apache"] });
  });

  it("builds no variant with --no-variant, and refuses a variant that does not exist", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "genpack.json5"), `{ name: "v", default_variant: "a", variants: { a: { packages: ["app-misc/a"] } } }`);
    const chosen = await runGp(["resolve", directory, "--arch", "x86_64", "--json"]);
    expect(jsonLines(chosen.stdout)[0]).toMatchObject({ variant: "a", outfile: "v-a-x86_64.squashfs" });
    const none = await runGp(["resolve", directory, "--arch", "x86_64", "--no-variant", "--json"]);
    expect(jsonLines(none.stdout)[0]).toMatchObject({ variant: null, outfile: "v-x86_64.squashfs" });
    const missing = await runGp(["resolve", directory, "--arch", "x86_64", "--variant", "b"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("Variant 'b' is not available in genpack.json. Available variants: ['a']");
    expect(hasStackTrace(missing.stderr)).toBe(false);
  });

  it("reproduces genpack's quirks with --compat genpack, and follows its documentation without", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "genpack.json5"), `{ name: "q", profile: "paravirt", variants: { desktop: { profile: "weston/paravirt" } } }`);
    const docs = await runGp(["resolve", directory, "--arch", "x86_64", "--variant", "desktop", "--json"]);
    const code = await runGp(["resolve", directory, "--arch", "x86_64", "--variant", "desktop", "--compat", "genpack", "--json"]);
    expect(jsonLines(docs.stdout)[0]?.["portageProfile"]).toBe("genpack-overlay:genpack/amd64/weston/paravirt");
    expect(jsonLines(code.stdout)[0]?.["portageProfile"]).toBe("genpack-overlay:genpack/amd64/paravirt");
  });

  it("refuses an arch genpack does not know, as a usage error", async () => {
    const run = await runGp(["resolve", "edge", "--arch", "amd64"], { cwd: ARTIFACTS });
    expect(run.exitCode).toBe(1);
    expect(run.stdout + run.stderr).toContain("--arch must be one of x86_64, aarch64, i686, riscv64");
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
  });
});

describe("gp import", () => {
  function artifact(): string {
    const directory = join(temporaryDirectory(), "web");
    mkdirSync(join(directory, "files/etc"), { recursive: true });
    mkdirSync(join(directory, "files/build.d/www"), { recursive: true });
    mkdirSync(join(directory, "kernel/config.d"), { recursive: true });
    mkdirSync(join(directory, "kernel/arch-aarch64/config.d"), { recursive: true });
    mkdirSync(join(directory, "env"), { recursive: true });
    writeFileSync(join(directory, "files/etc/motd"), "hello\n");
    writeFileSync(join(directory, "files/build.d/10-setup.sh"), "echo setup\n");
    writeFileSync(join(directory, "files/build.d/www/site.sh"), "echo site\n");
    writeFileSync(join(directory, "kernel/config.d/vsock.config"), "CONFIG_VSOCKETS=y\n");
    writeFileSync(join(directory, "kernel/arch-aarch64/config.d/zz-rpi.config"), "CONFIG_X=y\n");
    writeFileSync(join(directory, "env/debug.conf"), "FEATURES=splitdebug\n");
    writeFileSync(
      join(directory, "genpack.json5"),
      `// The web image.
{
    profile: "paravirt",
    packages: [
        "www-servers/nginx", // the server
        "-app-editors/nano",
    ],
    users: [{ name: "www", "empty-password": true, "additional-groups": "video" }],
    env: { "www-servers/nginx": "debug.conf" },
    arch: { x86_64: { packages: ["sys-apps/memtest86-bin"] } },
    servics: ["nginx"],
}
`,
    );
    return directory;
  }

  it("writes an idiomatic blueprint beside the genpack.json5, with its comments, that resolves like it", async () => {
    const directory = artifact();
    const run = await runGp(["import", directory]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("resolves like the artifact in all 4 arch and variant combinations");
    const source = readFileSync(join(directory, "web.image.ts"), "utf8");
    expect(source).toBe(`// The web image.
import { defineImage, file, remove } from "genpack-ts";

export default defineImage({
  name: "web",
  profile: "paravirt",
  packages: [
    "www-servers/nginx", // the server
    remove("app-editors/nano"),
  ],
  users: [
    {
      name: "www",
      emptyPassword: true,
      additionalGroups: "video",
    },
  ],
  env: {
    "www-servers/nginx": "debug.conf",
  },
  arch: {
    x86_64: {
      packages: ["sys-apps/memtest86-bin"],
    },
    aarch64: {
      kernelConfig: {
        "zz-rpi.config": file("./kernel/arch-aarch64/config.d/zz-rpi.config"),
      },
    },
  },
  files: {
    "/etc": directory("./files/etc"),
  },
  buildScripts: {
    "10-setup.sh": file("./files/build.d/10-setup.sh"),
  },
  userBuildScripts: {
    www: {
      "site.sh": file("./files/build.d/www/site.sh"),
    },
  },
  kernelConfig: {
    "vsock.config": file("./kernel/config.d/vsock.config"),
  },
  envFiles: {
    "debug.conf": file("./env/debug.conf"),
  },
  // gp import: leaves out "servics": genpack does not read it
});
`.replace('import { defineImage, file, remove }', 'import { defineImage, directory, file, remove }'));
    expect(run.stderr).toContain('The blueprint leaves out "servics": genpack does not read it.');
  });

  it("compiles the imported blueprint to the same artifact files", async () => {
    const directory = artifact();
    expect((await runGp(["import", directory])).exitCode).toBe(0);
    const out = join(temporaryDirectory(), "out");
    const compiled = await runGp(["compile", join(directory, "web.image.ts"), "-o", out]);
    expect(compiled.exitCode).toBe(0);
    for (const path of ["files/etc/motd", "files/build.d/10-setup.sh", "files/build.d/www/site.sh", "kernel/config.d/vsock.config", "kernel/arch-aarch64/config.d/zz-rpi.config", "env/debug.conf"]) {
      expect(readFileSync(join(out, path), "utf8"), path).toBe(readFileSync(join(directory, path), "utf8"));
    }
  });

  it("copies the subdirectories when the blueprint goes elsewhere, and never replaces what is there", async () => {
    const directory = artifact();
    const project = temporaryDirectory();
    const first = await runGp(["import", directory, "-o", join(project, "web.image.ts")]);
    expect(first.exitCode).toBe(0);
    expect(existsSync(join(project, "files/etc/motd"))).toBe(true);
    expect(readFileSync(join(project, "web.image.ts"), "utf8")).toContain('"/etc": directory("./files/etc")');
    const again = await runGp(["import", directory, "-o", join(project, "web.image.ts")]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain("GP4001");
    const forced = await runGp(["import", directory, "-o", join(project, "web.image.ts"), "--force"]);
    expect(forced.exitCode).toBe(0);
  });

  it("refuses an artifact with errors, saying what they are", async () => {
    const directory = temporaryDirectory();
    cpSync(join(ARTIFACTS, "malformed"), directory, { recursive: true });
    const run = await runGp(["import", directory]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("variants.cuda.arch.x86_64.packages[3]");
    expect(existsSync(join(directory, "malformed.image.ts"))).toBe(false);
  });
});

/** A secret outside the artifact, written so that a reader that reads it fails with a frame around it. */
const SECRET = "TOPSECRET-7f3a9c";

function secretOutside(): string {
  const outside = temporaryDirectory();
  writeFileSync(join(outside, "shadow"), `{\n  name: "${SECRET}",\n  packages: [\n`);
  mkdirSync(join(outside, "files/etc"), { recursive: true });
  writeFileSync(join(outside, "files/etc/motd"), `${SECRET}\n`);
  return outside;
}

function artifactDirectory(genpackJson5 = `{ name: "a", profile: "paravirt", packages: ["app-misc/screen"] }\n`): string {
  const directory = temporaryDirectory();
  writeFileSync(join(directory, "genpack.json5"), genpackJson5);
  return directory;
}

describe("artifact entries that lead out of the artifact", () => {
  const commands = (directory: string): string[][] => [
    ["check", directory],
    ["check", directory, "--json"],
    ["resolve", directory, "--arch", "x86_64"],
    ["build", directory, "--arch", "x86_64", "--offline"],
    ["archive", directory],
    ["import", directory, "-o", join(temporaryDirectory(), "a.image.ts")],
  ];

  it("refuses a genpack.json5 linked to a file outside, in every command that reads an artifact, and never prints what it holds", async () => {
    const outside = secretOutside();
    const directory = temporaryDirectory();
    symlinkSync(join(outside, "shadow"), join(directory, "genpack.json5"));
    for (const args of commands(directory)) {
      const run = await runGp(args);
      expect(run.exitCode, args.join(" ")).toBe(1);
      expect(run.stdout + run.stderr, args.join(" ")).toContain("GP1010");
      expect(run.stdout + run.stderr, args.join(" ")).toContain("genpack.json5 is a symbolic link that leads out of the artifact directory");
      expect(run.stdout + run.stderr, args.join(" ")).not.toContain(SECRET);
      expect(hasStackTrace(run.stderr), args.join(" ")).toBe(false);
    }
    expect(readdirSync(directory)).toEqual(["genpack.json5"]);
  });

  it("refuses files/ or kernel/arch-* linked outside before a build mounts or copies anything", async () => {
    const outside = secretOutside();
    for (const [name, target] of [
      ["files", join(outside, "files")],
      ["kernel/arch-x86_64", join(outside, "files")],
    ] as const) {
      const directory = artifactDirectory();
      mkdirSync(join(directory, "kernel"));
      symlinkSync(target, join(directory, name));
      for (const args of commands(directory)) {
        const run = await runGp(args);
        expect(run.exitCode, `${name}: ${args.join(" ")}`).toBe(1);
        expect(run.stdout + run.stderr, `${name}: ${args.join(" ")}`).toContain(`${name} is a symbolic link that leads out of the artifact directory`);
        expect(run.stdout + run.stderr).not.toContain(SECRET);
      }
      // No work directory: nothing was prepared, mounted or copied.
      expect(readdirSync(directory).sort()).toEqual(["genpack.json5", "kernel", ...(name === "files" ? ["files"] : [])].sort());
    }
    expect(readFileSync(join(outside, "files/etc/motd"), "utf8")).toBe(`${SECRET}\n`);
  });

  it("reads through links that stay inside the artifact, as before", async () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "conf"));
    mkdirSync(join(directory, "shared/files/etc"), { recursive: true });
    writeFileSync(join(directory, "conf/genpack.json5"), `{ name: "a", profile: "paravirt", packages: ["app-misc/screen"] }\n`);
    writeFileSync(join(directory, "shared/files/etc/motd"), "hi\n");
    symlinkSync("conf/genpack.json5", join(directory, "genpack.json5"));
    const run = await runGp(["check", directory]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    // A subdirectory linked inside is read as genpack reads it; gp check also says that gp
    // import could not carry it into a blueprint, so the two give one verdict.
    symlinkSync("shared/files", join(directory, "files"));
    const resolved = await runGp(["resolve", directory, "--arch", "x86_64"]);
    expect(resolved.exitCode).toBe(0);
    const checked = await runGp(["check", directory]);
    expect(checked.exitCode).toBe(1);
    expect(checked.stderr).toContain("files cannot be carried into a blueprint: it is a symbolic link");
    expect(checked.stderr).not.toContain("GP1010");
  });
});

describe("a genpack.json5 that is not a regular file", () => {
  it("is named as a FIFO at once, never waited on", { timeout: 20_000 }, async () => {
    const directory = temporaryDirectory();
    execFileSync("mkfifo", [join(directory, "genpack.json5")]);
    for (const target of [directory, join(directory, "genpack.json5")]) {
      const run = await runGp(["check", target]);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain("genpack.json5 - error GP1009: genpack.json5 is a FIFO, not a file.");
    }
  });

  it("is named as a directory, or as a link loop, never as missing", async () => {
    const folder = temporaryDirectory();
    mkdirSync(join(folder, "genpack.json5"));
    const looped = temporaryDirectory();
    symlinkSync("genpack.json5", join(looped, "genpack.json5"));
    for (const [directory, what] of [
      [folder, "is a directory, not a file"],
      [looped, "is a symbolic link that loops"],
    ] as const) {
      const run = await runGp(["resolve", directory, "--arch", "x86_64"]);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(`error GP1009: genpack.json5 ${what}.`);
      expect(run.stderr).not.toContain("holds neither");
    }
  });

  const permissions = permissionsEnforced();
  it.skipIf(!permissions.available)(`that the system refuses to read is a user error with the reason, not an internal error${permissions.available ? "" : ` (skipped: ${permissions.reason})`}`, async () => {
    const directory = artifactDirectory();
    chmodSync(join(directory, "genpack.json5"), 0o000);
    const run = await runGp(["check", directory], { wrapper: permissions.wrapper });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("error GP1009: genpack.json5 cannot be read (EACCES: permission denied).");
    expect(hasStackTrace(run.stderr)).toBe(false);
  });
});

describe("the build's lock", () => {
  it("is named when it is a FIFO, instead of waited on or taken over", { timeout: 20_000 }, async () => {
    const directory = artifactDirectory();
    mkdirSync(join(directory, "work"));
    execFileSync("mkfifo", [join(directory, "work/.gp-build.lock")]);
    const run = await runGp(["clean", directory, "--arch", "x86_64"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(".gp-build.lock is a FIFO, not a file, so it is no lock gp made");
    expect(readdirSync(join(directory, "work"))).toEqual([".gp-build.lock"]);
  });
});
