import { ARCHES, type Arch } from "../dsl/index.js";

/** Whether an arch block written under `key` applies to `arch`: genpack splits the key on `|`. */
export function archKeyApplies(key: string, arch: string): boolean {
  return key.split("|").includes(arch);
}

/**
 * The arches, grouped by which of the arch blocks `keys` apply to them. Arches of one group
 * merge the same blocks, so what is merged for one of them holds for all: a spec without arch
 * blocks is merged once, not once per arch.
 */
export function archesByBlocks(keys: Iterable<string>): Arch[][] {
  const written = [...keys];
  const groups = new Map<string, Arch[]>();
  for (const arch of ARCHES) {
    const applying = JSON.stringify(written.filter((key) => archKeyApplies(key, arch)));
    const group = groups.get(applying);
    if (group === undefined) groups.set(applying, [arch]);
    else group.push(arch);
  }
  return [...groups.values()];
}
