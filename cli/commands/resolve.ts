import { Command, UsageError } from "clipanion";
import type { Arch } from "../../dsl/index.js";
import { ARCHES } from "../../dsl/index.js";
import { resolutionToJson, resolveTarget, toJson } from "../../compiler/index.js";
import type { GenpackResolution } from "../../compiler/index.js";
import type { PlainValue } from "../../compiler/index.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { evaluationOptions, readEvaluation } from "../option-groups.js";
import { Option } from "../options.js";

const options = () => ({
  ...evaluationOptions(),
  target: Option.String({ name: "dir|blueprint" }),
  arch: Option.String("--arch", { required: true, description: `Target arch: ${ARCHES.join(", ")}` }),
  variant: Option.String("--variant", { description: "Variant to build (default: default_variant)" }),
  noVariant: Option.Boolean("--no-variant", false, { description: "Build without a variant, even when there is a default one" }),
  compat: Option.String("--compat", { description: "`genpack` to reproduce the reference code exactly" }),
});

export interface ResolveCommand extends ReturnType<typeof options> {}

export class ResolveCommand extends BaseCommand {
  static override paths = [["resolve"]];

  static override usage = Command.Usage({
    description: "show what genpack takes from an artifact or blueprint for one arch and variant",
    details: `
      Resolves an artifact directory (or its genpack.json5) or a blueprint the way genpack's
      build phases read it: the Portage profile, the seven Portage files byte for byte, binary
      package excludes, users, groups, services, setup commands and the output file.

      Without \`--variant\`, the default variant is used, if there is one; \`--no-variant\`
      builds none. By default gp follows genpack's documentation where genpack's code does
      something else (a variant's profile, name and outfile apply; setup commands merge like
      the rest); \`--compat genpack\` reproduces the reference code exactly, quirks included,
      and stops where genpack would stop.
    `,
    examples: [
      ["Resolve an artifact for x86_64", "$0 resolve ../nextcloud --arch x86_64"],
      ["What genpack itself would do with a variant, as JSON", "$0 resolve ../nextcloud --arch aarch64 --variant selftestable --compat genpack --json"],
      ["Resolve a blueprint", "$0 resolve blueprints/nextcloud/nextcloud.image.ts --arch x86_64"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const evaluation = await readEvaluation(this);
    if (!(ARCHES as readonly string[]).includes(this.arch)) throw new UsageError(`--arch must be one of ${ARCHES.join(", ")}, not "${this.arch}".`);
    if (this.compat !== undefined && this.compat !== "genpack") throw new UsageError(`--compat takes only "genpack", not "${this.compat}".`);
    if (this.noVariant && this.variant !== undefined) throw new UsageError("--variant and --no-variant exclude each other.");
    const result = await resolveTarget(this.target, {
      arch: this.arch as Arch,
      variant: this.noVariant ? null : this.variant,
      semantics: this.compat === "genpack" ? "genpack" : "docs",
      evaluation,
    });
    // With --json, stdout is the resolution alone.
    this.report(result.diagnostics, "stderr");
    if (!result.ok) {
      if (!this.json) this.context.stderr.write(`gp resolve: ${this.target} did not resolve (${this.summary(result.diagnostics)}).\n`);
      return EXIT.userError;
    }
    if (this.json) this.printJson(resolutionToJson(result.resolution));
    else this.context.stdout.write(formatResolution(result.resolution, this.arch, this.compat === "genpack"));
    return EXIT.ok;
  }
}

function listed(values: PlainValue | readonly PlainValue[], show: (value: PlainValue) => string = String): string {
  if (!Array.isArray(values)) return String(toJson(values as PlainValue));
  return values.length === 0 ? "-" : values.map(show).join(", ");
}

function account(value: PlainValue, idKey: "uid" | "gid"): string {
  if (typeof value === "string") return value;
  const fields = toJson(value) as Record<string, unknown>;
  const id = fields[idKey];
  return id === undefined ? String(fields["name"]) : `${String(fields["name"])} (${idKey} ${String(id)})`;
}

const LABEL_WIDTH = 21;

/** The human form of a resolution: a summary, then each Portage file. */
export function formatResolution(resolution: GenpackResolution, arch: string, compat: boolean): string {
  const rows: [string, string][] = [
    ["portage profile", resolution.portageProfile],
    ["output file", resolution.outfile],
    ["compression", String(toJson(resolution.compression))],
    ["binpkg excludes", listed(resolution.binpkgExcludes)],
    ["buildtime first", resolution.buildtimePackagesFirst ? "yes" : "no"],
    ["groups", listed(resolution.groups, (group) => account(group, "gid"))],
    ["users", listed(resolution.users, (user) => account(user, "uid"))],
    ["services", listed(resolution.services)],
    ["setup commands", resolution.setupCommands.length === 0 ? "-" : resolution.setupCommands.join(`\n${" ".repeat(LABEL_WIDTH)}`)],
    ["lower capacity", `${String(toJson(resolution.lowerLayerCapacity))} GiB`],
    ["independent binpkgs", toJson(resolution.independentBinpkgs) === true ? "yes" : "no"],
    ["circulardep breaker", resolution.circulardepBreaker === null ? "-" : `${listed(resolution.circulardepBreaker.packages)} with USE "${String(resolution.circulardepBreaker.use)}"`],
  ];
  const head = `${resolution.name} for ${arch}, ${resolution.variant === null ? "no variant" : `variant ${resolution.variant}`} (${compat ? "as genpack's code does" : "as genpack's documentation says"})`;
  const files = Object.entries(resolution.portageFiles).map(([path, content]) => `--- ${path}\n${content === "" ? "(empty)\n" : content.endsWith("\n") ? content : `${content}\n(no newline at the end)\n`}`);
  return `${head}\n\n${rows.map(([label, value]) => `${label.padEnd(LABEL_WIDTH)}${value}`).join("\n")}\n\n${files.join("\n")}`;
}

