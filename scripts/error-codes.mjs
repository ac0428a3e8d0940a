// Writes docs/error-codes.md, the reference of every code gp reports, from the register
// (errors/codes.ts) and the reference beside it (errors/code-reference.ts), as built in dist/.
//
//   node scripts/error-codes.mjs           write docs/error-codes.md (npm run docs)
//   node scripts/error-codes.mjs --check   exit 1 if docs/error-codes.md is not what it would write
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const DOC_PATH = "docs/error-codes.md";

/** Backticks around a piece of code, more of them than it holds in a row. */
function inlineCode(text) {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return longest === 0 ? `${fence}${text}${fence}` : `${fence} ${text} ${fence}`;
}

/** The document, from the register's entries, their references and the groups' titles. */
export function renderErrorCodes(codes, reference, groups) {
  const lines = [
    "# Error codes",
    "",
    "<!-- Written by `npm run docs` from errors/codes.ts and errors/code-reference.ts: edit those, not this file. -->",
    "",
    "Every problem gp reports carries a code that names one kind of problem for good: codes are never",
    "renumbered or reused. A problem in a blueprint or genpack.json5 prints with its place",
    "(`app.image.ts:12:5 - error GP3003: …`, or the key path in genpack.json5); a failure while",
    "building, installing or running an image prints after the command (`gp build: error GP7001: …`);",
    "with `--json`, the code is the `code` field. Either ends gp with exit status 1.",
    "",
    "Exit status 2 is a bug in gp: it prints `gp hit a bug`, the error, where it happened and the",
    "versions, and asks for a report at the project's issue tracker. TypeScript's own errors keep",
    "their `TS` codes.",
  ];
  const entries = Object.entries(codes).sort(([, a], [, b]) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  let group;
  for (const [name, entry] of entries) {
    const digit = entry.code.charAt(2);
    if (digit !== group) {
      group = digit;
      lines.push("", `## GP${digit}xxx: ${groups[digit]}`);
    }
    const about = reference[name];
    lines.push("", `### ${entry.code}`, "", `**${entry.title}**`, "", `Cause: ${about.cause}`, "", `Fix: ${about.fix}`, "", `Example: ${inlineCode(about.example)}`);
  }
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const { codes } = await import(join(root, "dist/errors/codes.js"));
  const { codeReference, codeGroups } = await import(join(root, "dist/errors/code-reference.js"));
  const text = renderErrorCodes(codes, codeReference, codeGroups);
  const path = join(root, DOC_PATH);
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(path, "utf8");
    } catch {}
    if (current !== text) {
      process.stderr.write(`${DOC_PATH} is out of date: run npm run build && npm run docs\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  }
}
