import type { Layer } from "../layers.js";
import { atomOf, isPackageValue, packageLists } from "./collect-packages.js";

/** A copy of `block` with the list at `key` replaced. */
function withList(block: unknown, key: string, list: readonly unknown[]): Record<string, unknown> {
  return { ...(block as Record<string, unknown>), [key]: list };
}

/** Sets the value at `path` in a copy of `root`, copying every object on the way. */
function setIn(root: Readonly<Record<string, unknown>>, path: readonly (string | number)[], list: readonly unknown[]): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return root as Record<string, unknown>;
  if (rest.length === 0) return withList(root, String(head), list);
  const child = root[String(head)] as Readonly<Record<string, unknown>>;
  return { ...root, [String(head)]: setIn(child, rest, list) };
}

/**
 * The layer as genpack sees it: each package made with definePackage() in `packages` and
 * `buildtimePackages` stands as its atom, `category/name`. Paths and positions are unchanged,
 * so diagnostics and `gp explain` still point at the entry as written.
 */
export function packagesAsAtoms(layer: Layer): Layer {
  let spec = layer.spec;
  for (const { list, path } of [...packageLists(layer.spec)]) {
    if (!list.some(isPackageValue)) continue;
    spec = setIn(spec, path, list.map((element) => (isPackageValue(element) ? atomOf(element) : element)));
  }
  return spec === layer.spec ? layer : { ...layer, spec };
}
