import { relative } from "node:path";
import { Command, UsageError } from "clipanion";
import { ARCHES, type Arch } from "../../dsl/index.js";
import { compile, type Location } from "../../compiler/index.js";
import { explain, type ExplainedEntry, type ExplainedField } from "../../compiler/index.js";
import { fieldByGenpackKey, fields, type FieldName } from "../../compiler/index.js";
import { LayerLocator } from "../../compiler/index.js";
import { blocksOf } from "../../compiler/index.js";
import { supportedArches } from "../../compiler/index.js";
import { hostArch } from "../../compiler/index.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { evaluationOptions, readEvaluation } from "../option-groups.js";
import { Option } from "../options.js";
import { quote, quoteList } from "../../compiler/index.js";

const options = () => ({
  ...evaluationOptions(),
  blueprint: Option.String({ name: "blueprint" }),
  arch: Option.String("--arch", { description: `Target arch: ${ARCHES.join(", ")}` }),
  variant: Option.String("--variant", { description: "Variant (default: the default variant)" }),
  noVariant: Option.Boolean("--no-variant", false, { description: "Explain the image without a variant" }),
  field: Option.String("--field", { description: "Only this field, in the blueprint's or genpack's name (packages, use, ...)" }),
});

export interface ExplainCommand extends ReturnType<typeof options> {}

export class ExplainCommand extends BaseCommand {
  static override paths = [["explain"]];

  static override usage = Command.Usage({
    description: "show which profile or blueprint set each value of an image, and what changed it",
    details: `
      Resolves a blueprint for one arch and variant as genpack applies it (profiles in
      \`extends\` order, the blueprint, then arch blocks, the variant and its arch blocks) and
      lists every value with the file and line that set it, the removals that took packages out,
      and the earlier values that later layers or blocks replaced.

      Without \`--arch\`, the arch of this machine is used if the image exists for it, else the
      first arch it exists for. Without \`--variant\`, the default variant, if there is one.
    `,
    examples: [
      ["Where every package of the Nextcloud image comes from", "$0 explain blueprints/nextcloud/nextcloud.image.ts --field packages"],
      ["Everything, for a variant on aarch64, as JSON", "$0 explain blueprints/nextcloud/nextcloud.image.ts --arch aarch64 --variant 31 --json"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const evaluation = await readEvaluation(this);
    const cwd = process.cwd();
    if (this.arch !== undefined && !(ARCHES as readonly string[]).includes(this.arch)) throw new UsageError(`--arch must be one of ${ARCHES.join(", ")}, not "${this.arch}".`);
    const field = this.field === undefined ? undefined : ((Object.hasOwn(fields, this.field) ? this.field : fieldByGenpackKey.get(this.field)) as FieldName | undefined);
    if (this.field !== undefined && field === undefined) throw new UsageError(`--field names no field: "${this.field}".`);
    const result = await compile(this.blueprint, { cwd, typecheck: false, evaluation });
    this.report(result.diagnostics, "stderr");
    if (!result.ok || result.merged === undefined) return EXIT.userError;
    const merged = result.merged;
    const supported = supportedArches(merged).arches;
    const host = hostArch();
    const arch = (this.arch as Arch | undefined) ?? (host !== undefined && supported.includes(host) ? host : (supported[0] ?? "x86_64"));
    const variants = [...blocksOf(merged, "variants").keys()];
    const defaultVariant = merged.get("defaultVariant");
    const variant = this.noVariant ? null : (this.variant ?? (defaultVariant?.rule === "replace" ? (defaultVariant.item.value as string) : null));
    if (variant !== null && !variants.includes(variant)) {
      throw new UsageError(`The image has no variant ${quote(variant)}; it has ${variants.length === 0 ? "none" : quoteList(variants)}.`);
    }
    const explained = explain(merged, arch, variant, new LayerLocator(result.entry)).filter((entry) => field === undefined || entry.field === field);
    if (this.json) {
      this.printJson({ blueprint: relative(cwd, result.entry), arch, variant, fields: explained.map((entry) => toJson(entry, cwd)) });
    } else {
      const head = `${result.name ?? relative(cwd, result.entry)} for ${arch}, ${variant === null ? "no variant" : `variant ${variant}`}`;
      this.context.stdout.write(`${head}\n\n${explained.map((entry) => formatField(entry, cwd)).join("\n\n")}\n`);
    }
    return EXIT.ok;
  }
}

function at(location: Location, cwd: string): string {
  const file = relative(cwd, location.file) || location.file;
  return location.start === undefined ? file : `${file}:${location.start.line}:${location.start.column}`;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}

function formatEntry(entry: ExplainedEntry, cwd: string): string {
  const head = entry.key === undefined ? show(entry.value) : `${entry.key} = ${show(entry.value)}`;
  const lines = [`  ${entry.present ? "" : "(removed) "}${head}  ${at(entry.setAt, cwd)}`];
  for (const step of entry.history) {
    const what =
      step.kind === "removed" ? "removed by remove() at" : step.kind === "overridden" ? `replaces ${show(step.value)} from` : step.kind === "added" ? "also added at" : "also set at";
    lines.push(`      ${what} ${at(step.location, cwd)}`);
  }
  return lines.join("\n");
}

function formatField(field: ExplainedField, cwd: string): string {
  return `${field.field}\n${field.entries.map((entry) => formatEntry(entry, cwd)).join("\n")}`;
}

function location(value: Location, cwd: string): Record<string, unknown> {
  return { file: relative(cwd, value.file) || value.file, line: value.start?.line, column: value.start?.column };
}

function toJson(field: ExplainedField, cwd: string): Record<string, unknown> {
  return {
    field: field.field,
    entries: field.entries.map((entry) => ({
      ...(entry.key === undefined ? {} : { key: entry.key }),
      value: entry.value,
      present: entry.present,
      setAt: location(entry.setAt, cwd),
      history: entry.history.map((step) => ({ kind: step.kind, value: step.value, at: location(step.location, cwd) })),
    })),
  };
}
