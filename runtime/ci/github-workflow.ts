import type { Arch } from "../../dsl/index.js";
import type { BuildCell } from "./build-matrix.js";
import { BUILD_PACKAGES, buildScript, CACHE_DIR, cachePaths, cellArtifacts, cellName, installGpScript, keysCommand, NODE_VERSION, PUBLISH_VARIABLES, publishScript } from "./ci-job.js";
import type { CiOptions } from "./ci-options.js";
import { emitYaml, type YamlValue } from "./yaml.js";

/**
 * GitHub's hosted runner for each arch: an Arm runner for aarch64, x86-64 for the others (i686
 * runs there natively, riscv64 is emulated by gp's build).
 */
const RUNNERS: Readonly<Record<Arch, string>> = { x86_64: "ubuntu-24.04", aarch64: "ubuntu-24.04-arm", i686: "ubuntu-24.04", riscv64: "ubuntu-24.04" };

/** gp build needs root; the runner's user has sudo without a password. The variables gp reads go along. */
function asRoot(variables: readonly string[]): string {
  return `sudo --preserve-env=${variables.join(",")} env "PATH=$PATH" `;
}

/**
 * Pushes to the default branch only: code under review (a pull request, another branch) must not
 * write into the binhost every build reads, and GitHub gives no secrets to pull requests from
 * forks anyway.
 */
const ON_DEFAULT_BRANCH_PUSH = "github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)";

/**
 * The step that puts the cell's lower key (`gp build keys`: what gp.lock pins and what the
 * blueprint asks of the lower) into its output `lower`, before the cache is restored. It needs no
 * root: it compiles the blueprint and reads gp.lock, and downloads nothing.
 */
function keysStep(hasLock: boolean): YamlValue {
  return {
    name: "Compute the phase keys of ${{ matrix.name }}",
    id: "keys",
    env: { BLUEPRINT: "${{ matrix.blueprint }}", ARCH: "${{ matrix.arch }}", VARIANT: "${{ matrix.variant }}" },
    run: [
      "set -eu",
      `keys=$(${keysCommand(hasLock)})`,
      `lower=$(printf '%s\\n' "$keys" | sed -n 's/^lower \\([0-9a-f]*\\)$/\\1/p')`,
      'test -n "$lower"',
      'echo "lower=$lower" >> "$GITHUB_OUTPUT"',
      "",
    ].join("\n"),
  };
}

/**
 * The cache of gp's downloads and binary packages. GitHub's caches never change once saved, so
 * each run saves its own (the run id ends the key) and restores the newest one of a build with
 * the same lower key, which holds the very packages this lower needs, else the newest of the
 * arch: downloads and binary packages are shared by arch, not by image.
 */
const CACHE_KEY_OF_LOWER = "gp-${{ matrix.arch }}-${{ steps.keys.outputs.lower }}-";

/** The step that publishes the cell's binary packages, after a successful build. */
function publishStep(publish: string, hasLock: boolean): YamlValue {
  return {
    name: "Publish the binary packages of ${{ matrix.name }}",
    if: ON_DEFAULT_BRANCH_PUSH,
    env: {
      BLUEPRINT: "${{ matrix.blueprint }}",
      ARCH: "${{ matrix.arch }}",
      VARIANT: "${{ matrix.variant }}",
      GP_PUBLISH: publish,
      AWS_ACCESS_KEY_ID: "${{ secrets.AWS_ACCESS_KEY_ID }}",
      AWS_SECRET_ACCESS_KEY: "${{ secrets.AWS_SECRET_ACCESS_KEY }}",
      AWS_REGION: "${{ vars.AWS_REGION }}",
      AWS_ENDPOINT_URL: "${{ vars.AWS_ENDPOINT_URL }}",
    },
    run: publishScript(hasLock, asRoot(["GP_CACHE_DIR", "GP_PUBLISH", ...PUBLISH_VARIABLES])),
  };
}

function matrixEntry(cell: BuildCell): YamlValue {
  return {
    name: cellName(cell),
    blueprint: cell.blueprint,
    arch: cell.arch,
    variant: cell.variant ?? "",
    image: cell.image,
    runner: RUNNERS[cell.arch],
    artifacts: cellArtifacts(cell).join("\n"),
  };
}

/** The workflow `gp ci github` writes: one job per cell of the matrix, each building, caching and uploading its image. */
export function githubWorkflow(cells: readonly BuildCell[], options: CiOptions): string {
  const install: YamlValue[] = [
    { uses: "actions/checkout@v4" },
    { uses: "actions/setup-node@v4", with: { "node-version": NODE_VERSION, ...(options.hasLock ? { cache: "npm" } : {}) } },
    { name: "Install gp", run: installGpScript(options.hasLock) },
    { name: "Install the tools gp build runs", run: `sudo apt-get update -q\nsudo apt-get install -y -q --no-install-recommends ${BUILD_PACKAGES.join(" ")}\n` },
  ];
  const steps: YamlValue[] = [
    ...install,
    keysStep(options.hasLock),
    {
      name: "Restore gp's downloads and binary packages",
      uses: "actions/cache@v4",
      with: {
        path: cachePaths("${{ matrix.arch }}").join("\n"),
        key: `${CACHE_KEY_OF_LOWER}\${{ github.run_id }}`,
        "restore-keys": `${CACHE_KEY_OF_LOWER}\ngp-\${{ matrix.arch }}-\n`,
      },
    },
    {
      name: "Build ${{ matrix.name }}",
      env: { BLUEPRINT: "${{ matrix.blueprint }}", ARCH: "${{ matrix.arch }}", VARIANT: "${{ matrix.variant }}", IMAGE: "${{ matrix.image }}" },
      run: buildScript(options.hasLock, asRoot(["GP_CACHE_DIR", "GP_BINHOST"])),
    },
    ...(options.publish === undefined ? [] : [publishStep(options.publish, options.hasLock)]),
    {
      name: "Let the cache keep what gp build wrote as root",
      if: "always()",
      run: `sudo chmod -R a+rX "$GP_CACHE_DIR" 2>/dev/null || true\n`,
    },
    {
      name: "Upload ${{ matrix.name }}",
      uses: "actions/upload-artifact@v4",
      with: { name: "${{ matrix.name }}", path: "${{ matrix.artifacts }}", "if-no-files-found": "error" },
    },
  ];
  const document: Record<string, YamlValue> = {
    name: "gp",
    on: { push: {}, pull_request: {}, workflow_dispatch: {} },
    permissions: { contents: "read" },
    env: { GP_CACHE_DIR: `\${{ github.workspace }}/${CACHE_DIR}`, GP_BINHOST: options.binhost ?? "" },
    jobs: {
      build: {
        name: "${{ matrix.name }}",
        "runs-on": "${{ matrix.runner }}",
        strategy: { "fail-fast": false, matrix: { include: cells.map(matrixEntry) } },
        steps,
      },
    },
  };
  return emitYaml(document, [
    `Written by gp ci github from ${options.blueprints} blueprint${options.blueprints === 1 ? "" : "s"} of this project: ${cells.length} image${cells.length === 1 ? "" : "s"}.`,
    ...(options.publish === undefined
      ? []
      : [
          `Pushes to the default branch publish each arch's binary packages to ${options.publish}/ARCH: set the repository's`,
          "secrets AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and its variables AWS_REGION and, for a bucket elsewhere than AWS, AWS_ENDPOINT_URL.",
        ]),
    "Run `gp ci github --force` again after adding a blueprint, an arch or a variant.",
  ]);
}
