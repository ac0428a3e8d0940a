import type { BuildCell } from "./build-matrix.js";
import { BUILD_PACKAGES, buildScript, CACHE_DIR, cachePaths, cellArtifacts, cellName, installGpScript, NODE_VERSION, publishScript } from "./ci-job.js";
import type { CiOptions } from "./ci-options.js";
import { emitYaml, type YamlValue } from "./yaml.js";

/** The hidden job every cell extends: the image it runs in, and how gp and its tools get there. */
const TEMPLATE = ".gp-build";

function cellJob(cell: BuildCell): YamlValue {
  return {
    extends: TEMPLATE,
    variables: { BLUEPRINT: cell.blueprint, ARCH: cell.arch, VARIANT: cell.variant ?? "", IMAGE: cell.image },
    cache: {
      // Downloads and binary packages are shared by arch, not by image, and keyed by the inputs
      // gp.lock pins. Not by the lower key (gp build keys) as on GitHub: GitLab fixes a job's
      // cache key before the job runs, from the commit's files and the pipeline's variables, so
      // a key the job computes cannot choose its cache; and a GitLab cache is saved over by each
      // job, not frozen, so one cache per arch and gp.lock keeps growing with every image's
      // packages, and gp's own phase keys decide in the job what is built again.
      key: { files: [cell.lock], prefix: `gp-${cell.arch}` },
      paths: cachePaths(cell.arch),
      when: "always",
    },
    artifacts: { name: cellName(cell), paths: cellArtifacts(cell) },
  };
}

/**
 * When the jobs run, with publishing: GP_PUBLISH is set only in pipelines of pushes to the
 * default branch, so that code under review (a merge request, another branch) never writes into
 * the binhost every build reads; the other rules are GitLab's default (branch pipelines, no
 * merge request pipelines), which a job with rules of its own would otherwise lose.
 */
function publishRules(publish: string): YamlValue {
  return [
    { if: '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', variables: { GP_PUBLISH: publish } },
    { if: '$CI_PIPELINE_SOURCE == "merge_request_event"', when: "never" },
    { when: "on_success" },
  ];
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
      script: [buildScript(options.hasLock, ""), ...(options.publish === undefined ? [] : [publishScript(options.hasLock, "")])],
      ...(options.publish === undefined ? {} : { rules: publishRules(options.publish) }),
    },
  };
  for (const cell of cells) document[`build:${cellName(cell)}`] = cellJob(cell);
  return emitYaml(document, [
    `Written by gp ci gitlab from ${options.blueprints} blueprint${options.blueprints === 1 ? "" : "s"} of this project: ${cells.length} image${cells.length === 1 ? "" : "s"}.`,
    "gp build runs systemd-nspawn: the jobs need a runner that starts privileged containers, of the arch they build.",
    ...(options.publish === undefined
      ? []
      : [
          `Pushes to the default branch publish each arch's binary packages to ${options.publish}/ARCH: set the project's CI/CD`,
          "variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (protected and masked), AWS_REGION and, for a bucket elsewhere than AWS, AWS_ENDPOINT_URL.",
        ]),
    "Run `gp ci gitlab --force` again after adding a blueprint, an arch or a variant.",
  ]);
}
