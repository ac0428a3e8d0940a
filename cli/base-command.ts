import { Command, UsageError } from "clipanion";
import { diagnosticToJson, formatDiagnostics, summarize, type SourceCache } from "../compiler/early.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../errors/diagnostics.js";
import type { ReportTarget } from "../runtime/install/index.js";
import { bugReportJson, classifyFailure, formatBugReport, formatUserFailure, userFailureJson } from "./failure.js";
import { Option } from "./options.js";
import { useColor } from "./terminal.js";

/** Exit codes: success, a problem in the user's input, and a fault in gp itself. */
export const EXIT = { ok: 0, userError: 1, internalError: 2 } as const;

/**
 * What every gp command shares: `--json`, diagnostic rendering, and the line between a user's
 * mistake (diagnostics or a GpError with its code, no stack, exit 1) and a gp bug (a bug report,
 * exit 2).
 *
 * A command declares the options it shares with others by composition: it passes the option
 * groups (cli/option-groups.ts) spread into one object to this constructor, and declares their
 * values' types with an interface of the same name as the class:
 *
 *     const options = () => ({ ...evaluationOptions(), target: targetOption(), all: Option.Boolean("--all") });
 *     export interface CleanCommand extends ReturnType<typeof options> {}
 *     export class CleanCommand extends BaseCommand {
 *       constructor() { super(options()); }
 *     }
 *
 * The declarations become fields of the command, where clipanion finds them, after `--json` and
 * before the command's own fields, which is also their order in its help.
 */
export abstract class BaseCommand extends Command {
  json = Option.Boolean("--json", false, { description: "Print one JSON object per line instead of text" });

  constructor(options: object = {}) {
    super();
    Object.assign(this, options);
  }

  abstract run(): Promise<number>;

  async execute(): Promise<number> {
    try {
      return await this.run();
    } catch (failure) {
      if (failure instanceof UsageError) return this.usageError(failure);
      // Other errors of clipanion's own are printed by clipanion, without a stack.
      if (typeof failure === "object" && failure !== null && "clipanion" in failure) throw failure;
      return this.printFailure(failure);
    }
  }

  /**
   * Prints a failure: one the user can act on (a GpError) as `gp COMMAND: error GPnnnn: …`,
   * exit status 1; anything else as a bug report, exit status 2. With `--json`, as a result line.
   */
  printFailure(problem: unknown): number {
    const failure = classifyFailure(problem);
    const command = ["gp", ...(this.path ?? [])].join(" ");
    if (failure.kind === "user") {
      if (this.json) this.printJson(userFailureJson(failure.error));
      else this.context.stderr.write(formatUserFailure(command, failure.error));
      return EXIT.userError;
    }
    if (this.json) this.printJson(bugReportJson(failure.report));
    else this.context.stderr.write(formatBugReport(command, failure.report));
    return EXIT.internalError;
  }

  /** Reports a mistake on the command line, with the command's usage, on stderr; exit status 1. */
  protected usageError(problem: UsageError): number {
    this.context.stderr.write(this.cli.error(problem, { command: this }));
    return EXIT.userError;
  }

  /**
   * Prints diagnostics: text on stderr, or JSON lines with `--json`, on stdout unless the
   * command's stdout is one result object (`gp resolve --json`), when they go to stderr.
   */
  report(diagnostics: readonly Diagnostic[], jsonStream: "stdout" | "stderr" = "stdout"): void {
    if (diagnostics.length === 0) return;
    const cwd = process.cwd();
    const sorted = sortDiagnostics(diagnostics);
    if (this.json) {
      const stream = jsonStream === "stdout" ? this.context.stdout : this.context.stderr;
      const sources: SourceCache = new Map();
      for (const diagnostic of sorted) stream.write(`${JSON.stringify(diagnosticToJson(diagnostic, { cwd }, sources))}\n`);
      return;
    }
    const color = useColor(this.context.stderr);
    this.context.stderr.write(`${formatDiagnostics(sorted, { cwd, color })}\n\n`);
  }

  /** Where the runtime's progress reports go: JSON lines on stdout with --json, else text on stderr. */
  reportTarget(): ReportTarget {
    return { json: this.json, color: useColor(this.context.stderr), stdout: this.context.stdout, stderr: this.context.stderr };
  }

  printJson(value: unknown): void {
    this.context.stdout.write(`${JSON.stringify(value)}\n`);
  }

  protected failed(diagnostics: readonly Diagnostic[]): boolean {
    return hasErrors(diagnostics);
  }

  /** `2 errors, 1 warning`, or "" when there are none. */
  protected summary(diagnostics: readonly Diagnostic[]): string {
    return summarize(diagnostics);
  }
}
