import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Phase keys: each phase names its inputs, each input is reduced to a digest, and the key is a
 * digest of the sorted, framed (name, digest) pairs. A phase whose key matches the one recorded
 * when it last finished is skipped; otherwise the inputs whose digests differ say why it runs.
 */
export type PhaseInputs = Readonly<Record<string, string>>;

function framed(hash: ReturnType<typeof createHash>, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  hash.update(`${bytes.byteLength}:`);
  hash.update(bytes);
}

/** A digest of any JSON-like value, independent of key order in objects. */
export function digestValue(value: unknown): string {
  const canonical = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(canonical);
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.keys(node).sort().map((key) => [key, canonical((node as Record<string, unknown>)[key])]));
    }
    return node;
  };
  return createHash("sha256").update(JSON.stringify(canonical(value) ?? null)).digest("hex");
}

/**
 * A digest of a directory tree's content: every entry's relative path, type, permission bits and
 * bytes (or link target), in sorted order. Modification times are left out on purpose: a fresh
 * checkout must not look like a change. A missing tree has its own digest.
 */
export function digestTree(root: string): string {
  const hash = createHash("sha256");
  const walk = (directory: string, prefix: string) => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      const relative = `${prefix}${name}`;
      const stats = lstatSync(path);
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isDirectory()) {
        framed(hash, `d ${mode} ${relative}`);
        walk(path, `${relative}/`);
      } else if (stats.isSymbolicLink()) {
        framed(hash, `l ${relative} ${readlinkSync(path)}`);
      } else if (stats.isFile()) {
        framed(hash, `f ${mode} ${relative}`);
        hash.update(createHash("sha256").update(readFileSync(path)).digest());
      } else {
        framed(hash, `o ${relative}`);
      }
    }
  };
  try {
    if (!lstatSync(root).isDirectory()) return digestValue({ notADirectory: root });
  } catch {
    return digestValue({ missing: true });
  }
  walk(root, "");
  return hash.digest("hex");
}

export function phaseKey(inputs: PhaseInputs): string {
  const hash = createHash("sha256");
  for (const name of Object.keys(inputs).sort()) {
    framed(hash, name);
    framed(hash, inputs[name] ?? "");
  }
  return hash.digest("hex");
}

/** The inputs whose digests differ from the recorded ones, by name, in a stable order. */
export function changedInputs(previous: PhaseInputs | undefined, current: PhaseInputs): string[] {
  if (previous === undefined) return [];
  const names = new Set([...Object.keys(previous), ...Object.keys(current)]);
  return [...names].sort().filter((name) => previous[name] !== current[name]);
}
