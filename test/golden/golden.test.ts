import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import type { Artifact } from "../../compiler/index.js";

const GOLDEN = import.meta.dirname;

/** One line per entry: mode, kind, path, and a digest or link target, as a reviewer reads a tree. */
function treeListing(artifact: Artifact): string {
  const lines = [...artifact].map(([path, entry]) => {
    switch (entry.kind) {
      case "directory":
        return `${entry.mode.toString(8).padStart(4, "0")} dir  ${path}/`;
      case "symlink":
        return `---- link ${path} -> ${entry.target}`;
      case "file":
        return `${entry.mode.toString(8).padStart(4, "0")} file ${path} sha256:${createHash("sha256").update(entry.data).digest("hex").slice(0, 16)}`;
    }
  });
  return `${lines.join("\n")}\n`;
}

function isText(data: Uint8Array): boolean {
  return !data.includes(0) && Buffer.from(data).toString("utf8") === new TextDecoder("utf8", { fatal: false }).decode(data) && !/[\u0000-\u0008\u000e-\u001f]/.test(Buffer.from(data).toString("utf8"));
}

const cases = readdirSync(GOLDEN, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

describe("golden artifacts", () => {
  it.each(cases)("%s compiles to the expected artifact directory, byte for byte", async (name) => {
    // GIVEN a blueprint in input/, WHEN it compiles, THEN the artifact equals expected/.
    const input = join(GOLDEN, name, "input");
    const blueprint = readdirSync(input).find((file) => file.endsWith(".image.ts"));
    if (blueprint === undefined) throw new Error(`${input} holds no *.image.ts`);
    const options = { cwd: input, outDir: join(GOLDEN, name, "out") };
    const result = await compile(blueprint, options);
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
    const artifact = result.artifact as Artifact;
    const expected = resolve(GOLDEN, name, "expected");
    await expect(treeListing(artifact)).toMatchFileSnapshot(join(expected, "TREE"));
    for (const [path, entry] of artifact) {
      if (entry.kind === "file" && isText(entry.data)) {
        await expect(Buffer.from(entry.data).toString("utf8")).toMatchFileSnapshot(join(expected, path));
      }
    }
    // The same blueprint gives the same bytes.
    const again = await compile(blueprint, { ...options, typecheck: false });
    expect(treeListing(again.artifact as Artifact)).toBe(treeListing(artifact));
  });
});
