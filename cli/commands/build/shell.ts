import { statSync, type Stats } from "node:fs";
import { EXIT, type BaseCommand } from "../../base-command.js";
import { evaluationOptions, readEvaluation, readSelection, selectionOptions } from "../../option-groups.js";
import { Option } from "../../options.js";

/**
 * The options of gp bash and gp upper-bash. One rest list holds the target and the command: its
 * first word is the target when it names a directory or a blueprint, as in `gp bash ./nextcloud
 * emerge -pv foo`; otherwise all of it is the command.
 */
export function shellOptions() {
  return {
    ...evaluationOptions(),
    ...selectionOptions(),
    words: Option.Rest({ name: "[blueprint|dir] command" }),
    overlayOverride: Option.String("--overlay-override", { description: "A genpack-overlay checkout to bind instead of the downloaded one" }),
  };
}

/** A shell command: its options' values and what every command reports with. */
export type ShellCommand = BaseCommand & ReturnType<typeof shellOptions>;

/** Opens a shell (or runs a command) on the lower or the upper layer of the target; the exit status. */
export async function runShell(command: ShellCommand, on: "lower" | "upper"): Promise<number> {
  const [first, ...rest] = command.words;
  const target = first !== undefined && isShellTarget(first) ? first : undefined;
  const words = target === undefined ? [...command.words] : rest;
  const { arch, variant } = readSelection(command);
  const evaluation = await readEvaluation(command);
  const { shellOnTarget } = await import("../../../runtime/build/index.js");
  const shell = await shellOnTarget({
    target,
    cwd: process.cwd(),
    ...(arch === undefined ? {} : { arch }),
    ...(variant === undefined ? {} : { variant }),
    evaluation,
    on,
    command: words,
    ...(command.overlayOverride === undefined ? {} : { overlayOverride: command.overlayOverride }),
  });
  command.report(shell.diagnostics);
  if (!shell.ok) {
    if (shell.problem !== undefined) command.context.stderr.write(`gp: ${shell.problem}\n`);
    return EXIT.userError;
  }
  // An interactive shell's exit code is the user's business; a command's is reported.
  return words.length === 0 ? EXIT.ok : shell.exitCode;
}

/** Whether a word names what `gp bash` opens (a directory or a blueprint) rather than a command. */
export function isShellTarget(word: string): boolean {
  const stats = statOrUndefined(word);
  return stats?.isDirectory() === true || (/\.(?:[cm]?ts|tsx|[cm]?js)$/.test(word) && stats?.isFile() === true);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
