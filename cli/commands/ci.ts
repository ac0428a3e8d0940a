import { relative } from "node:path";
import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../base-command.js";
import { evaluationOptions, readEvaluation } from "../option-groups.js";
import { Option } from "../options.js";

const options = () => ({
  ...evaluationOptions(),
  project: Option.String({ name: "dir", required: false }),
  output: Option.String("-o,--output", { description: "Write the CI file here (default: the engine's own path in DIR)" }),
  force: Option.Boolean("--force", false, { description: "Replace the CI file if it exists" }),
  binhost: Option.String("--binhost", { description: "Every build fetches binary packages from URL/ARCH, the binhost of its arch (gp build --binhost)" }),
  publish: Option.String("--publish", { description: "Pushes to the default branch publish each arch's binary packages to s3://BUCKET/PREFIX/ARCH (gp binhost publish)" }),
});

const DETAILS = (engine: string, file: string, cacheKey: string, credentials: string, more = "") => `
      Finds the blueprints gp build --all would build in DIR (default: the current directory):
      every \`*.image.ts\` in it and the folders below it, leaving out node_modules, out, work and
      folders whose names start with a dot, and refusing a link that leads out of DIR. Compiles each
      as gp check does and writes ${file}: one ${engine} job for every blueprint, arch it declares
      (x86_64, the arch of the engines' default runners, when it names none) and variant it
      declares. Each job installs Node.js and gp (\`npm ci\` when DIR has a
      package-lock.json, else genpack-ts of this gp's version), restores gp's downloads, distfiles
      and the arch's binary packages from the CI cache (GP_CACHE_DIR), shared by the jobs of an
      arch ${cacheKey}, runs gp build BLUEPRINT --arch ARCH [--variant NAME] [--binhost URL/ARCH], and
      uploads the image with its .sha256, its SBOM (.cdx.json) and its provenance (.intoto.json).
      A binhost holds one arch's binary packages, so --binhost URL names the folder with one
      folder per arch in it (URL/x86_64, URL/aarch64, ...), as gp binhost publish fills them.

      With --publish s3://BUCKET/PREFIX, each job of a push to the default branch runs, once its
      image is built, gp binhost publish s3://BUCKET/PREFIX/ARCH BLUEPRINT --arch ARCH [--variant
      NAME]: the arch's binary packages and a new index go to the bucket, with the credentials
      ${credentials}.
      Pull requests, merge requests and other branches never publish: code under review does not
      write into the binhost every build reads.

      Nothing is written unless every blueprint compiles and resolves for each of its arches and
      variants. The file is written aside and renamed in; an existing one is replaced only with
      the option --force, and never through a symbolic link. Paths in it are relative to DIR,
      which should be the repository's top folder. Run it again after adding a blueprint, an arch
      or a variant.${more === "" ? "" : `\n\n      ${more}`}
    `;

interface CiCommand extends ReturnType<typeof options> {}

/** `gp ci github` and `gp ci gitlab`: the same matrix, written for each engine. */
abstract class CiCommand extends BaseCommand {
  abstract readonly engine: "github" | "gitlab";

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const cwd = process.cwd();
    const evaluation = await readEvaluation(this);
    const { writeCi } = await import("../../runtime/ci/index.js");
    const written = await writeCi({
      engine: this.engine,
      project: this.project ?? ".",
      force: this.force,
      cwd,
      evaluation,
      ...(this.output === undefined ? {} : { output: this.output }),
      ...(this.binhost === undefined ? {} : { binhost: this.binhost }),
      ...(this.publish === undefined ? {} : { publish: this.publish }),
    });
    this.report(written.diagnostics);
    if (!written.ok) {
      if (!this.json) this.context.stderr.write(`gp ci ${this.engine}: nothing written\n`);
      else this.printJson({ type: "result", ok: false });
      return EXIT.userError;
    }
    const file = relative(cwd, written.file) || written.file;
    if (this.json) {
      this.printJson({ type: "result", ok: true, file, jobs: written.cells.map((cell) => ({ blueprint: cell.blueprint, arch: cell.arch, variant: cell.variant, image: cell.image })) });
    } else {
      this.context.stdout.write(`wrote ${file}: ${written.cells.length} job${written.cells.length === 1 ? "" : "s"}\n`);
    }
    return EXIT.ok;
  }
}

export class CiGithubCommand extends CiCommand {
  static override paths = [["ci", "github"]];
  static override usage = Command.Usage({
    description: "write a GitHub Actions workflow that builds every image of a project",
    details: DETAILS(
      "GitHub Actions",
      ".github/workflows/gp.yml",
      "and keyed by the lower key gp build keys prints from what gp.lock pins (gp ci warns of a gp.lock that does not pin every arch its jobs build), falling back to the arch's newest cache",
      "of the repository's secrets AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and its variables AWS_REGION and AWS_ENDPOINT_URL (for a bucket elsewhere than AWS)",
    ),
    examples: [
      ["Write .github/workflows/gp.yml for the blueprints of this repository", "$0 ci github"],
      ["Share binary packages through a binhost", "$0 ci github --binhost https://binhost.example.org/gp --force"],
      ["Build from a bucket's binhost and publish to it from the default branch", "$0 ci github --binhost https://my-binhost.s3.amazonaws.com/gp --publish s3://my-binhost/gp --force"],
    ],
  });
  readonly engine = "github";
}

export class CiGitlabCommand extends CiCommand {
  static override paths = [["ci", "gitlab"]];
  static override usage = Command.Usage({
    description: "write a GitLab CI pipeline that builds every image of a project",
    details: DETAILS(
      "GitLab CI",
      ".gitlab-ci.yml",
      "and keyed by gp.lock (GitLab fixes a job's cache key before the job could compute one)",
      "of the project's CI/CD variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and AWS_ENDPOINT_URL (for a bucket elsewhere than AWS)",
      "gp build runs systemd-nspawn, so the jobs need runners that start privileged containers, of the arch each job builds.",
    ),
    examples: [
      ["Write .gitlab-ci.yml for the blueprints of this repository", "$0 ci gitlab"],
      ["Write the pipeline of the blueprints folder elsewhere", "$0 ci gitlab blueprints -o ci/gp.gitlab-ci.yml"],
    ],
  });
  readonly engine = "gitlab";
}
