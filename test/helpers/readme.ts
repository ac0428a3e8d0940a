import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ROOT } from "./gp.js";

/** The fenced code blocks of README.md with their language, in order. */
export function readmeBlocks(): { readonly language: string; readonly code: string }[] {
  const text = readFileSync(resolve(ROOT, "README.md"), "utf8");
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ language: match[1] ?? "", code: match[2] ?? "" }));
}

/** The first block of a language, which the README's text refers to. */
export function readmeBlock(language: string, index = 0): string {
  const block = readmeBlocks().filter((candidate) => candidate.language === language)[index];
  if (block === undefined) throw new Error(`README.md has no ${language} block #${index}`);
  return block.code;
}
