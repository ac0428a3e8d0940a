import type { BuildCell } from "./build-matrix.js";
import { BUILD_PACKAGES, buildScript, CACHE_DIR, cachePaths, cellArtifacts, cellName, installGpScript, NODE_VERSION } from "./ci-job.js";
import type { CiOptions } from "./ci-options.js";
import { emitYaml, type YamlValue } from "./yaml.js";

/** The hidden job every cell extends: the image it runs in, and how gp and its tools get there. */
const TEMPLATE = ".gp-build";

function cellJob(cell: BuildCell): YamlValue {
  return {
    extends: TEMPLATE,
    variables: { BLUEPRINT: cell.blueprint, ARCH: cell.arch, VARIANT: cell.variant ?? "", IMAGE: cell.image },
    cache: {
      // The key changes with gp.lock (new inputs); every cell keeps a cache of its own.
      key: { files: [cell.lock], prefix: `gp-${cellName(cell)}` },
      paths: cachePaths(cell.arch),
      when: "always",
    },
    artifacts: { name: cellName(cell), paths: cellArtifacts(cell) },
  };
}

/** The pipeline `gp ci gitlab` writes: one job per cell of the matrix, each building, caching and uploading its image. */
export function gitlabPipeline(cells: readonly BuildCell[], options: CiOptions): string {
  const document: Record<string, YamlValue> = {
    stages: ["build"],
    variables: { GP_CACHE_DIR: `$CI_PROJECT_DIR/${CACHE_DIR}`, GP_BINHOST: options.binhost ?? "" },
    [TEMPLATE]: {
      stage: "build",
      image: `node:${NODE_VERSION}-bookworm`,
      before_script: [
        `apt-get update -q && apt-get install -y -q --no-install-recommends ${BUILD_PACKAGES.join(" ")}`,
        installGpScript(options.hasLock).trimEnd(),
      ],
      script: [buildScript(options.hasLock, "")],
    },
  };
  for (const cell of cells) document[`build:${cellName(cell)}`] = cellJob(cell);
  return emitYaml(document, [
    `Written by gp ci gitlab from ${options.blueprints} blueprint${options.blueprints === 1 ? "" : "s"} of this project: ${cells.length} image${cells.length === 1 ? "" : "s"}.`,
    "gp build runs systemd-nspawn: the jobs need a runner that starts privileged containers, of the arch they build.",
    "Run `gp ci gitlab --force` again after adding a blueprint, an arch or a variant.",
  ]);
}
