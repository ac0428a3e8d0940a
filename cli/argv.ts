/**
 * Moves options written before the subcommand right behind it, so `gp --arch aarch64 build .`
 * means `gp build --arch aarch64 .`, as genpack allows. Only the leading options move; a word
 * that is not a known subcommand stops the scan and leaves the line as it is.
 */
export function subcommandFirst(argv: readonly string[], subcommands: ReadonlySet<string>, valueOptions: ReadonlySet<string>): string[] {
  let index = 0;
  while (index < argv.length) {
    const word = argv[index] as string;
    if (word === "--") return [...argv];
    if (!word.startsWith("-")) break;
    index += valueOptions.has(word) ? 2 : 1;
  }
  if (index === 0 || index >= argv.length) return [...argv];
  const subcommand = argv[index] as string;
  if (!subcommands.has(subcommand)) return [...argv];
  return [subcommand, ...argv.slice(0, index), ...argv.slice(index + 1)];
}

/**
 * For `gp bash` and `gp upper-bash`: everything from the first word that is neither an option of
 * gp nor the target is the command to run, options included, so `gp bash . emerge -pv foo` runs
 * `emerge -pv foo` instead of reading `-pv` as gp's. A `--` is put in front of the command; a
 * line that already has one is left alone.
 */
export function commandAfterTarget(argv: readonly string[], shellSubcommands: ReadonlySet<string>, valueOptions: ReadonlySet<string>, isTarget: (word: string) => boolean): string[] {
  if (argv.length === 0 || !shellSubcommands.has(argv[0] as string) || argv.includes("--")) return [...argv];
  let index = 1;
  let targetSeen = false;
  while (index < argv.length) {
    const word = argv[index] as string;
    if (word.startsWith("-")) {
      index += valueOptions.has(word) ? 2 : 1;
      continue;
    }
    if (!targetSeen && isTarget(word)) {
      targetSeen = true;
      index += 1;
      continue;
    }
    return [...argv.slice(0, index), "--", ...argv.slice(index)];
  }
  return [...argv];
}
