import { copyFileSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import type { Writable } from "node:stream";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleBlueprints, bundleRunner, RUNNER_BUNDLE } from "./bundle-blueprints.js";
import { codes } from "../errors/codes.js";
import { PACKAGE_ROOT } from "./package-root.js";
import { error, type Diagnostic, type Location } from "../errors/diagnostics.js";
import type { LiveResource, Misconduct, ThrownValue } from "./sandbox/messages.js";
import { bundleStackMapper, mapOutcomeStacks } from "./sandbox/bundle-stacks.js";
import { HeldOutput, type HeldBytes } from "./sandbox/held-output.js";
import { restoreExports } from "./sandbox/restore-exports.js";
import { DEFAULT_LIMITS, startSandbox, type Sandbox, type SandboxLimits, type SandboxOutcome } from "./sandbox/run-blueprint.js";
import { refusedAccess, thrownSummary } from "./sandbox/thrown-value.js";
import { parseStack } from "./stack.js";

/** A blueprint module after it ran. */
export interface EvaluatedModule {
  /** Absolute path of the blueprint. */
  readonly entry: string;
  /**
   * The module's exports, as plain data taken out of the process that ran it: the default export
   * whole, named exports when they are images, profiles or packages. Frozen, with the brands and
   * call sites the DSL put on its values.
   */
  readonly exports: Readonly<Record<string, unknown>>;
  /** Every source file the blueprint imports, itself included, as absolute paths, sorted. */
  readonly dependencies: readonly string[];
}

export type EvaluateResult =
  | { readonly ok: true; readonly module: EvaluatedModule }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly dependencies: readonly string[] };

export interface EvaluateOptions {
  /** Time and memory a blueprint may use; see {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<SandboxLimits>;
  /** Where a blueprint's console output goes. @default process.stderr */
  readonly output?: Writable;
  /**
   * The blueprints whose runs count, once something else (the type-check) has judged them. All
   * are bundled and run meanwhile, their console output held back; once this resolves, the
   * output of those admitted is let through, and those left out are stopped, their output
   * dropped, and get no result. @default all of them, at once
   */
  readonly admitted?: Promise<ReadonlySet<string>>;
  /**
   * Told each blueprint's result as soon as it is known, admitted or not yet judged (never one
   * already left out), so that work on it can go on while the type-check does.
   */
  readonly onResult?: (entry: string, result: EvaluateResult) => void;
}

export { DEFAULT_LIMITS, type SandboxLimits };

/**
 * Puts the program that runs a blueprint (sandbox/runner.ts, one file with what it imports) at
 * `target`: the copy the build made, or, when gp runs from its TypeScript sources, a fresh bundle.
 */
async function placeRunner(target: string): Promise<void> {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) return bundleRunner(join(dirname(here), "sandbox", "runner.ts"), target);
  copyFileSync(join(PACKAGE_ROOT, RUNNER_BUNDLE), target);
}

/**
 * Runs blueprints and returns their exports, each with the files it depends on. The blueprints
 * are bundled together (see bundleBlueprints), everything they import included; each then runs
 * in a Node process of its own, under Node's permission model, with read access to its bundle
 * and nothing else, no writes, no child processes, workers or addons, and a time and heap
 * limit. The exports come back as plain data, so nothing the blueprint wrote can change between
 * gp's checks and its output. They run while the type-check judges them (`admitted`), which
 * takes their run off the time a compile waits for once the check is done; what a blueprint
 * the check turns away printed or gave is dropped, as if it had never run. When the joint
 * bundle fails, each blueprint is bundled alone, so every problem is charged to the blueprint
 * that has it.
 *
 * Why not the blueprint's project too: Node checks the path a program names and the kernel then
 * follows the links in it, so one link anywhere in a readable folder (`x -> /etc`, or any absolute
 * link in a genpack work directory) opens the whole disk, even as `x/../../etc/passwd`. The bundle
 * is a folder gp made and holds no links; what a blueprint needs from its project it imports
 * (code, JSON), and the files it puts into the image it names with file() and directory(),
 * which gp reads itself.
 */
export async function evaluateAll(requested: readonly string[], options: EvaluateOptions = {}): Promise<Map<string, EvaluateResult>> {
  const entries = [...new Set(requested)];
  const results = new Map<string, EvaluateResult>();
  if (entries.length === 0) return results;
  const scratch = mkdtempSync(join(tmpdir(), "gp-evaluate-"));
  const started: HeldSandbox[] = [];
  /** Blueprints started before the judgement, by entry. */
  const runs = new Map<string, HeldSandbox>();
  let admitted: ReadonlySet<string> | undefined;
  const admission = (options.admitted ?? Promise.resolve(new Set(entries))).catch(() => new Set<string>());
  // Once judged, the runs that count are heard, and the others stopped and silenced.
  void admission.then((judged) => {
    admitted = judged;
    for (const [entry, run] of runs) {
      if (judged.has(entry)) {
        run.output.release();
      } else {
        run.output.drop();
        run.sandbox.discard();
      }
    }
    runs.clear();
  });
  try {
    const runner = join(scratch, "runner.mjs");
    await placeRunner(runner);
    const limits: SandboxLimits = { ...DEFAULT_LIMITS, ...options.limits };
    const realScratch = realpathSync(scratch);
    const target = options.output ?? process.stderr;
    const setup = { runner, readable: [scratch, realScratch], limits };
    const held: HeldBytes = { total: 0 };
    const startHeld = (): HeldSandbox => {
      const output = new HeldOutput(target, held);
      return { sandbox: startSandbox({ ...setup, output }), output };
    };
    // Each blueprint has a process of its own, as many at once as there are processors; the
    // first ones start while the blueprints are bundled.
    const parallel = Math.min(entries.length, Math.max(1, availableParallelism()));
    for (let index = 0; index < parallel; index++) started.push(startHeld());
    const outdir = join(scratch, "bundle");
    const bundled = await bundleBlueprints(entries, outdir);
    if (!bundled.ok) {
      for (const { sandbox } of started.splice(0)) sandbox.discard();
      const judged = await admission;
      const running = entries.filter((entry) => judged.has(entry));
      // Which blueprint the bundler's errors belong to is known only when it bundled one.
      if (entries.length > 1) {
        const alone = { ...options, admitted: Promise.resolve(judged) };
        for (const entry of running) results.set(entry, (await evaluateAll([entry], alone)).get(entry) as EvaluateResult);
        return results;
      }
      for (const entry of running) results.set(entry, { ok: false, diagnostics: bundled.diagnostics, dependencies: [entry] });
      return results;
    }
    let next = 0;
    const mapStacks = bundleStackMapper([outdir, join(realScratch, "bundle")]);
    // Blueprints run while the type-check goes on, until what they printed meanwhile grows too
    // large to hold; one the check has left out by the time its turn comes does not start.
    const workers = started.map(async (first) => {
      let spare: HeldSandbox | undefined = first;
      for (let entry = entries[next++]; entry !== undefined; entry = entries[next++]) {
        if (admitted === undefined && held.total >= HELD_OUTPUT_LIMIT) await admission;
        if (admitted !== undefined && !admitted.has(entry)) continue;
        const bundle = bundled.bundles.get(entry);
        if (bundle === undefined) throw new Error(`no bundle for ${entry}`);
        const run: HeldSandbox = spare ?? startHeld();
        spare = undefined;
        // Ahead of its judgement, kept to be judged; after it, admitted, so heard at once.
        if (admitted === undefined) runs.set(entry, run);
        else run.output.release();
        const outcome = await run.sandbox.run(pathToFileURL(bundle.file).href);
        if (admitted !== undefined && !admitted.has(entry)) continue;
        const result = judgeOutcome(mapOutcomeStacks(outcome, mapStacks), entry, bundle.dependencies, limits);
        results.set(entry, result);
        options.onResult?.(entry, result);
      }
      spare?.sandbox.discard();
    });
    await Promise.all(workers);
    const judged = await admission;
    return new Map(entries.flatMap((entry) => (judged.has(entry) && results.has(entry) ? [[entry, results.get(entry) as EvaluateResult]] : [])));
  } finally {
    for (const { sandbox } of started) sandbox.discard();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * How much console output blueprints that ran ahead of their judgement may hold together before
 * the next one waits for it: each holds at most what the sandbox relays (1 MiB), and a check of
 * thousands of blueprints must not hold all of theirs.
 */
const HELD_OUTPUT_LIMIT = 16 << 20;

/** A blueprint's process with its console output, held until its run is judged. */
interface HeldSandbox {
  readonly sandbox: Sandbox;
  readonly output: HeldOutput;
}

/** Runs one blueprint; see {@link evaluateAll}. */
export async function evaluate(entry: string, options: EvaluateOptions = {}): Promise<EvaluateResult> {
  return (await evaluateAll([entry], options)).get(entry) as EvaluateResult;
}

/** The innermost frame of a stack that is in the blueprint's files, else the blueprint itself. */
function locate(stack: string | undefined, entry: string, dependencies: readonly string[]): Location {
  const frame = parseStack(stack).find((candidate) => dependencies.includes(candidate.file));
  return frame === undefined ? { file: entry } : { file: frame.file, start: { line: frame.line, column: frame.column } };
}

const SANDBOX_HINT =
  "A blueprint runs in a sandbox: it cannot read or write files, start processes or threads, or load addons. Import the data it needs (`import settings from \"./settings.json\"`), name the files the image gets with file() and directory(), and let gp write the artifact.";

function thrownDetails(thrown: ThrownValue, entry: string, dependencies: readonly string[]): { location: Location; hint?: string } {
  const location = thrown.kind === "error" ? locate(thrown.stack, entry, dependencies) : { file: entry };
  return refusedAccess(thrown) === undefined ? { location } : { location, hint: SANDBOX_HINT };
}

/** What the blueprint did, for a message that goes on with what went wrong. */
function threw(thrown: ThrownValue, when: string): string {
  const refused = refusedAccess(thrown);
  return refused === undefined ? `The blueprint threw ${when}: ${thrownSummary(thrown)}` : `The blueprint tried to ${refused} ${when}, which gp does not let a blueprint do.`;
}

/** What a kind of resource Node reports is, in words. */
function resourceName(type: string): string {
  switch (type) {
    case "Timeout":
      return "a timer (setTimeout or setInterval)";
    case "Immediate":
      return "a setImmediate callback";
    case "TCPWRAP":
    case "TCPCONNECTWRAP":
    case "TLSWRAP":
    case "HTTPCLIENTREQUEST":
    case "HTTPINCOMINGMESSAGE":
      return "a network connection";
    case "TCPSERVERWRAP":
      return "a server";
    case "GETADDRINFOREQWRAP":
      return "a DNS lookup";
    case "FSREQCALLBACK":
    case "FSREQPROMISE":
    case "FILEHANDLE":
      return "a file operation";
    case "FSEVENTWRAP":
    case "STATWATCHER":
      return "a file watcher";
    case "SIGNALWRAP":
      return "a signal handler";
    default:
      return `work of the kind Node calls ${type}`;
  }
}

function misconductDiagnostics(misconduct: readonly Misconduct[], entry: string, dependencies: readonly string[]): Diagnostic[] {
  return misconduct.flatMap((act): Diagnostic[] => {
    switch (act.kind) {
      case "exit":
        return [
          error(codes.blueprintExited, `The blueprint called process.${act.code === "abort" ? "abort()" : `exit(${act.code})`} while it was evaluated.`, {
            location: locate(act.stack, entry, dependencies),
            hint: "A blueprint describes an image and cannot end gp; to stop with a message, throw an Error.",
          }),
        ];
      case "uncaught":
        return [error(codes.threwAfterEvaluation, threw(act.thrown, "from work it left running after it was evaluated"), thrownDetails(act.thrown, entry, dependencies))];
      case "unhandled-rejection":
        return [
          error(codes.unhandledRejection, `A promise the blueprint made was rejected and nothing handled it: ${thrownSummary(act.thrown)}`, {
            ...thrownDetails(act.thrown, entry, dependencies),
            hint: "Await the promise, so the rejection stops the blueprint where it happens.",
          }),
        ];
      case "left-running":
        return leftRunningDiagnostics(act.resources, entry, dependencies);
    }
  });
}

/** One diagnostic per place that left work running; a blueprint that starts a thousand timers gets a few lines. */
function leftRunningDiagnostics(resources: readonly LiveResource[], entry: string, dependencies: readonly string[]): Diagnostic[] {
  const byPlace = new Map<string, { location: Location; types: Set<string> }>();
  for (const resource of resources) {
    const location = locate(resource.stack, entry, dependencies);
    const key = `${location.file}:${location.start?.line ?? 0}:${location.start?.column ?? 0}`;
    const place = byPlace.get(key) ?? { location, types: new Set<string>() };
    place.types.add(resource.type);
    byPlace.set(key, place);
  }
  return [...byPlace.values()].slice(0, 10).map(({ location, types }) =>
    error(codes.leftRunning, `The blueprint left ${[...types].map(resourceName).join(" and ")} running after it was evaluated, which would keep gp waiting.`, {
      location,
      hint: "A blueprint must finish all its work when its module has run: await what it starts, and clear its timers.",
    }),
  );
}

/** Turns what happened in a blueprint's process into its exports or into diagnostics. */
function judgeOutcome(outcome: SandboxOutcome, entry: string, dependencies: readonly string[], limits: SandboxLimits): EvaluateResult {
  const fail = (diagnostics: readonly Diagnostic[]): EvaluateResult => ({ ok: false, diagnostics, dependencies });
  const seconds = `${Math.round(limits.timeoutMs / 100) / 10} s`;
  switch (outcome.kind) {
    case "timed-out":
      return fail([
        error(
          codes.evaluationTimedOut,
          outcome.partial === "evaluated"
            ? `The blueprint was evaluated, but work it left running kept going for ${seconds}, gp's limit.`
            : `The blueprint did not finish evaluating within ${seconds}, gp's limit; it may loop forever.`,
          { location: { file: entry }, hint: "Look for a loop that never ends. If the blueprint really needs longer, raise the limit with --eval-timeout SECONDS." },
        ),
      ]);
    case "out-of-memory":
      return fail([
        error(codes.evaluationOutOfMemory, `The blueprint used more than ${limits.heapMiB} MiB of memory while it was evaluated.`, {
          location: { file: entry },
          hint: "Look for data that grows without end. If the blueprint really needs more, raise the limit with --eval-memory MIB.",
        }),
      ]);
    case "crashed": {
      const how = outcome.signal !== null ? `was killed by ${outcome.signal}` : `exited with code ${String(outcome.exitCode)}`;
      const tail = outcome.stderrTail.trim().split("\n").slice(-5).join("\n");
      return fail([error(codes.evaluationCrashed, `The process that ran the blueprint ${how} before it reported back.${tail === "" ? "" : ` It said:\n${tail}`}`, { location: { file: entry } })]);
    }
    case "ended":
      return fail(misconductDiagnostics(outcome.misconduct, entry, dependencies));
    case "stalled":
      return fail([
        error(codes.moduleThrew, "The blueprint never finished evaluating: a top-level await waits for something that never happens.", { location: { file: entry, start: { line: 1, column: 1 } } }),
        ...misconductDiagnostics(outcome.misconduct, entry, dependencies),
      ]);
    case "threw":
      return fail([
        error(codes.moduleThrew, threw(outcome.thrown, "while it was evaluated"), thrownDetails(outcome.thrown, entry, dependencies)),
        ...misconductDiagnostics(outcome.misconduct, entry, dependencies),
      ]);
    case "evaluated": {
      const problems = misconductDiagnostics(outcome.misconduct, entry, dependencies);
      if (problems.length > 0) return fail(problems);
      return { ok: true, module: { entry, exports: restoreExports(outcome.exports), dependencies } };
    }
  }
}
