import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ARCHES } from "../../../../dsl/index.js";
import { hostArch, runsNatively } from "../../../../genpack/arch.js";
import { crossArchProblem } from "../../../../runtime/build/host-arch.js";
import { jsonLines, runGp } from "../../../helpers/gp.js";
import { skipFor } from "../../../helpers/skip.js";
import { temporaryDirectory } from "../../../helpers/temp.js";

const image = (spec: string) => `import { defineImage } from "genpack-ts";\nexport default defineImage(${spec});\n`;

/** Arches this machine runs only under emulation, and cannot run here at all. */
const foreigners = ARCHES.filter((arch) => !runsNatively(hostArch(), arch) && crossArchProblem(arch) !== undefined);
const [foreign] = foreigners;

describe("gp build --all refuses", () => {
  it("an empty folder, saying it holds no blueprint, with exit 1", async () => {
    const folder = temporaryDirectory();
    const result = await runGp(["build", "--all", folder]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error GP1015: ${folder} holds no blueprint (*.image.ts)`);
    expect(result.stdout).toBe("");
  });

  it("a folder with a link out of it, naming the link, before building anything", async () => {
    const folder = temporaryDirectory();
    const elsewhere = temporaryDirectory();
    writeFileSync(join(folder, "app.image.ts"), image(`{ name: "app", profile: "paravirt" }`));
    symlinkSync(elsewhere, join(folder, "shared"));
    const result = await runGp(["build", "--all", folder]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error GP1016: ${folder} holds a link leading out of it: shared -> ${elsewhere}.`);
    expect(existsSync(join(folder, "out"))).toBe(false);
  });

  it("--jobs that is not a whole number from 1 to 256, and --jobs without --all", async () => {
    const folder = temporaryDirectory();
    for (const jobs of ["0", "-1", "1.5", "two", "257", "1".repeat(100)]) {
      const result = await runGp(["build", "--all", folder, `--jobs=${jobs}`]);
      expect(result.exitCode, jobs).toBe(1);
      expect(result.stderr, jobs).toContain(`--jobs ${JSON.stringify(jobs)} is not a whole number of builds from 1 to 256.`);
    }
    const alone = await runGp(["build", folder, "--jobs", "2"]);
    expect(alone.exitCode).toBe(1);
    expect(alone.stderr).toContain("--jobs goes with --all");
  });

  it("--arch and --variant, which name one build of the matrix", async () => {
    const folder = temporaryDirectory();
    for (const option of [["--arch", "x86_64"], ["--variant", "debug"], ["--no-variant"]]) {
      const result = await runGp(["build", "--all", folder, ...option]);
      expect(result.exitCode, option.join(" ")).toBe(1);
      expect(result.stderr, option.join(" ")).toContain("cannot go with it");
    }
  });
});

describe("gp build --all over blueprints it cannot build here", skipFor(foreign === undefined ? "this machine can run programs of every arch" : undefined), () => {
  it("lists a foreign arch as skipped with the reason and a broken blueprint as failed with its type error, and exits 1", async () => {
    const folder = temporaryDirectory();
    mkdirSync(join(folder, "broken"));
    writeFileSync(join(folder, "broken/broken.image.ts"), image(`{ name: "broken", profile: "paravirt", compresion: "xz" }`));
    writeFileSync(join(folder, "foreign.image.ts"), image(`{ name: "foreign", profile: "paravirt", arches: [${JSON.stringify(foreign)}] }`));
    const text = await runGp(["build", "--all", folder]);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain(`skipped    foreign.image.ts ${foreign}: ${crossArchProblem(foreign!)}`);
    // One type-check for every blueprint finds the misspelled field before anything else runs.
    expect(text.stdout).toMatch(/^failed {5}broken\/broken\.image\.ts: error TS2561: .*Did you mean to write 'compression'\?/m);
    expect(text.stdout).toContain("2 builds: 0 built, 0 up to date, 1 skipped, 1 failed");
    // The diagnostic itself, with where it is.
    expect(text.stderr).toContain("broken.image.ts:2:");
    expect(text.stderr).toContain("error TS2561");

    const json = await runGp(["build", "--all", folder, "--json"]);
    expect(json.exitCode).toBe(1);
    const result = jsonLines(json.stdout).find((event) => event["type"] === "result");
    expect(result).toEqual({
      type: "result",
      ok: false,
      cells: [
        { blueprint: "broken/broken.image.ts", status: "failed", reason: expect.any(String), code: "TS2561" },
        { blueprint: "foreign.image.ts", arch: foreign, variant: null, status: "skipped", reason: crossArchProblem(foreign!) },
      ],
    });
  });

  it("tells a blueprint's warning once, though each of its arches repeats it", skipFor(foreigners.length < 2 ? "fewer than two arches cannot run here" : undefined), async () => {
    const folder = temporaryDirectory();
    writeFileSync(join(folder, "warned.image.ts"), image(`{ name: "warned", profile: "paravirt", arches: ${JSON.stringify(foreigners.slice(0, 2))}, use: { "dev-lang/php": "+mysql" } }`));
    const result = await runGp(["build", "--all", folder]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("2 builds: 0 built, 0 up to date, 2 skipped, 0 failed");
    expect(result.stderr.split("warning GP3030").length - 1).toBe(1);
  });
});
