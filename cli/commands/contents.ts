import { Command } from "clipanion";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { quote } from "../../errors/quote.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { evaluationOptions, readEvaluation, readSelection, selectionOptions, targetOption, WITHOUT_TARGET } from "../option-groups.js";
import { Option } from "../options.js";

const options = () => ({
  ...evaluationOptions(),
  target: targetOption(),
  ...selectionOptions(),
  why: Option.String("--why", { description: "Answer for one image path (/usr/bin/x) or package (dev-libs/bar, an atom, or a bare name)" }),
});

export interface ContentsCommand extends ReturnType<typeof options> {}

export class ContentsCommand extends BaseCommand {
  static override paths = [["contents"]];
  static override usage = Command.Usage({
    description: "show what is in a built image and why: each package with the chain that pulled it in, each path with its package or rule",
    details: `Reads what the last upper phase recorded (work/<arch>/contents.json) and prints the runtime closure, each package with the chain that pulled it in from @profile, @genpack-runtime or @genpack-devel (which RDEPEND or PDEPEND, and for || ( … ) which alternative was taken and why the earlier ones were not), then every path of the image grouped by the package that owns it or the step that put it there: files/, a build script, groups and users, setup commands, services, package scripts, /.genpack, /dev. --why PATH answers for one path, --why ATOM for the packages it matches; one that is not in the image is an error. Needs a finished \`gp build\` (or \`gp upper\`). ${WITHOUT_TARGET}`,
    examples: [
      ["List packages and paths", "gp contents nextcloud.image.ts"],
      ["Why a file is in the image", "gp contents nextcloud.image.ts --why /etc/passwd"],
      ["Why a package is in the image", "gp contents out/nextcloud --why dev-libs/openssl"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const { arch, variant } = readSelection(this);
    const evaluation = await readEvaluation(this);
    const contents = await import("../../runtime/contents/index.js");
    const opened = await contents.openContents({ target: this.target, cwd: process.cwd(), ...(arch === undefined ? {} : { arch }), ...(variant === undefined ? {} : { variant }), evaluation });
    this.report(opened.diagnostics, "stderr");
    if (!opened.ok) return EXIT.userError;
    const { record, title } = opened;
    const why = this.why;
    if (why === undefined) {
      if (this.json) this.printJson({ type: "result", ok: true, image: title, ...record, packages: record.packages.map((pkg) => ({ ...pkg, chain: contents.formatChain(record, pkg.cpv) })) });
      else this.context.stdout.write(contents.formatContents(record, title));
      return EXIT.ok;
    }
    if (why.startsWith("/")) {
      const path = contents.normalisePath(why);
      const found = path === undefined ? undefined : record.paths.find((entry) => entry.path === path);
      if (found === undefined) throw new GpError(codes.contentsQueryNotFound, `${quote(why)} is not in the image ${title}.`);
      if (this.json) this.printJson({ type: "result", ok: true, query: why, path: { ...found, ...(found.owner === undefined ? {} : { chain: contents.formatChain(record, found.owner) }) } });
      else this.context.stdout.write(contents.explainPath(record, found));
      return EXIT.ok;
    }
    let matched;
    try {
      matched = contents.matchPackages(record, why);
    } catch (problem) {
      throw new GpError(codes.contentsQueryNotFound, `--why takes an image path (starting with /) or a package atom: ${(problem as Error).message}.`);
    }
    if (matched.length === 0) throw new GpError(codes.contentsQueryNotFound, `No package of the image ${title} matches ${quote(why)}.`);
    if (this.json) this.printJson({ type: "result", ok: true, query: why, packages: matched.map((pkg) => ({ ...pkg, chain: contents.formatChain(record, pkg.cpv) })) });
    else this.context.stdout.write(matched.map((pkg) => contents.explainPackage(record, pkg)).join("\n"));
    return EXIT.ok;
  }
}
