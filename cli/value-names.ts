/**
 * Help text with a name for each option's value: clipanion writes `--arch #0`, which says
 * nothing; gp writes `--arch ARCH`, the option's long name in capitals, as argparse and most
 * tools of the field do. Applied to every usage text gp prints, in one place; the option table
 * of a command's help is aligned again, since the names are longer than clipanion's `#0`.
 */
export function withValueNames(text: string): string {
  const named = text.replace(/((?:-[A-Za-z],)?--([a-z][a-z0-9-]*)(?:,-[A-Za-z])?) #0/g, (_, option: string, long: string) => `${option} ${long.toUpperCase().replaceAll("-", "_")}`);
  return realignOptionTables(named);
}

/**
 * A row of an option table: two spaces, the option (in bold on a terminal, clipanion's padding
 * inside the bold), two or more spaces, its description.
 */
const OPTION_ROW = /^ {2}(\x1b\[1m)?(-\S*(?: [A-Z0-9_]+)?(?:,\S+)?) *(\x1b\[22m)? {2,}(\S.*)$/;

/** Pads the option of each run of option rows to the longest in the run, plus two spaces. */
function realignOptionTables(text: string): string {
  const lines = text.split("\n");
  for (let start = 0; start < lines.length; ) {
    let end = start;
    while (end < lines.length && OPTION_ROW.test(lines[end] as string)) end++;
    if (end === start) {
      start++;
      continue;
    }
    const rows = lines.slice(start, end).map((line) => OPTION_ROW.exec(line) as RegExpExecArray);
    const width = Math.max(...rows.map((row) => (row[2] as string).length)) + 2;
    rows.forEach(([, bold = "", option = "", normal = "", description = ""], index) => (lines[start + index] = `  ${bold}${option}${normal}${" ".repeat(width - option.length)}${description}`));
    start = end;
  }
  return lines.join("\n");
}
