import { relative } from "node:path";
import type { Diagnostic } from "../../../compiler/index.js";
import type { BuildEvent, Cell, CellResult, Reporter } from "../../../runtime/build/index.js";
import { EXIT } from "../../base-command.js";
import { interruptOnSignals } from "../../interrupt.js";
import { OptionProblem, readEvaluation, readInputs, readSelection } from "../../option-groups.js";
import { readBuildOptions, type PhaseCommand } from "./run-phases.js";

/** The options `gp build --all` adds to the phase options. */
export interface AllValues {
  readonly all: boolean;
  readonly jobs: string | undefined;
}

/** More builds at once than any machine gp runs on has room for: a mistyped number. */
const MOST_JOBS = 256;

/** `--jobs`: a whole number of builds at once. */
function readJobs(jobs: string | undefined): number {
  if (jobs === undefined) return 1;
  const count = /^[0-9]{1,6}$/.test(jobs) ? Number(jobs) : Number.NaN;
  if (!(count >= 1 && count <= MOST_JOBS)) throw new OptionProblem(`--jobs ${JSON.stringify(jobs)} is not a whole number of builds from 1 to ${MOST_JOBS}.`);
  return count;
}

/**
 * One cell's events on the command's reporter: with --json each event names its cell; on a
 * terminal the phase does, since builds running side by side share the status lines.
 */
function cellReporter(base: Reporter, label: string, json: boolean): Reporter {
  return {
    emit: (event: BuildEvent) => base.emit(json ? ({ ...event, cell: label } as BuildEvent) : "phase" in event ? { ...event, phase: `${label}: ${event.phase}` } : event),
    close: () => {},
  };
}

/** A cell's line in the summary. */
function summaryLine(cell: CellResult, label: string, cwd: string): string {
  const status = cell.status.padEnd(11);
  if (cell.status === "built" || cell.status === "up to date") return `${status}${label}${cell.image === undefined ? "" : ` (${relative(cwd, cell.image)})`}\n`;
  if (cell.status === "skipped") return `${status}${label}: ${cell.reason ?? ""}\n`;
  const log = cell.log === undefined ? "" : `\n${" ".repeat(11)}log: ${relative(cwd, cell.log)}`;
  return `${status}${label}: ${cell.code === undefined ? "" : `error ${cell.code}: `}${cell.reason ?? ""}${log}\n`;
}

/** A cell as `--json` lists it. */
function cellJson(cell: CellResult, cwd: string): Record<string, unknown> {
  return {
    blueprint: cell.blueprint,
    ...(cell.arch === undefined ? {} : { arch: cell.arch }),
    ...(cell.variant === undefined ? {} : { variant: cell.variant }),
    status: cell.status,
    ...(cell.reason === undefined ? {} : { reason: cell.reason }),
    ...(cell.code === undefined ? {} : { code: cell.code }),
    ...(cell.log === undefined ? {} : { log: relative(cwd, cell.log) }),
    ...(cell.image === undefined ? {} : { image: relative(cwd, cell.image) }),
  };
}

/**
 * `gp build --all [DIR]`: every blueprint of the folder for each arch and variant it declares,
 * `--jobs` artifacts at a time, with one summary at the end; exit 1 when any build failed.
 */
export async function runBuildAll(command: PhaseCommand & AllValues): Promise<number> {
  const selection = readSelection(command);
  if (selection.arch !== undefined || selection.variant !== undefined) throw new OptionProblem("--all builds the arches and variants each blueprint declares; --arch, --variant and --no-variant name one build and cannot go with it.");
  const jobs = readJobs(command.jobs);
  const options = readBuildOptions(command);
  const evaluation = await readEvaluation(command);
  const { stdout, stderr } = command.context;
  const { buildAll, cellLabel, commandReporter } = await import("../../../runtime/build/index.js");
  const reporter = commandReporter(command.reportTarget());
  const interrupt = interruptOnSignals(stderr, "the running builds are being stopped and their work directories unlocked");
  const cwd = process.cwd();
  // A blueprint's warnings come again with each of its arches and variants; each is told once.
  const seen = new Set<string>();
  const unseen = (diagnostics: readonly Diagnostic[]) =>
    diagnostics.filter((diagnostic) => {
      const key = JSON.stringify([diagnostic.code, diagnostic.message, diagnostic.location?.file, diagnostic.location?.start?.line, diagnostic.location?.start?.column]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  try {
    const result = await buildAll({
      folder: command.target ?? ".",
      cwd,
      jobs,
      options,
      inputs: readInputs(command),
      evaluation,
      signal: interrupt.signal,
      reporterFor: (cell: Cell) => cellReporter(reporter, cellLabel(cell), command.json),
      onCell: (cell) => {
        command.report(unseen(cell.diagnostics));
        if (command.json) command.printJson({ type: "cell", ...cellJson(cell, cwd) });
      },
    });
    reporter.close();
    if (result.cells === undefined) {
      command.report(result.diagnostics);
      return EXIT.userError;
    }
    const count = (status: CellResult["status"]) => result.cells.filter((cell) => cell.status === status).length;
    if (command.json) {
      command.printJson({ type: "result", ok: result.ok, cells: result.cells.map((cell) => cellJson(cell, cwd)) });
    } else {
      for (const cell of result.cells) stdout.write(summaryLine(cell, cellLabel(cell), cwd));
      stdout.write(`${result.cells.length} build${result.cells.length === 1 ? "" : "s"}: ${count("built")} built, ${count("up to date")} up to date, ${count("skipped")} skipped, ${count("failed")} failed\n`);
    }
    if (interrupt.interrupted()) return 130;
    return result.ok ? EXIT.ok : EXIT.userError;
  } finally {
    interrupt.dispose();
  }
}
