import type { ListedEntry } from "./image-facts.js";

/** A unit enabled for a target: the link `/etc/systemd/system/<target>.<relation>/<unit>`. */
export interface EnabledService {
  readonly target: string;
  readonly relation: "wants" | "requires";
  readonly unit: string;
}

const SYSTEM = "/etc/systemd/system/";

/**
 * What `systemctl enable` left in the image: each link in a `*.wants/` or `*.requires/`
 * directory right below /etc/systemd/system, in path order.
 */
export function enabledServices(entries: ReadonlyMap<string, ListedEntry>): EnabledService[] {
  const found: EnabledService[] = [];
  for (const [path, entry] of entries) {
    if (entry.type !== "symlink" || !path.startsWith(SYSTEM)) continue;
    const parts = path.slice(SYSTEM.length).split("/");
    if (parts.length !== 2) continue;
    const [directory = "", unit = ""] = parts;
    const relation = directory.endsWith(".wants") ? "wants" : directory.endsWith(".requires") ? "requires" : undefined;
    if (relation === undefined || unit === "") continue;
    found.push({ target: directory.slice(0, -(relation.length + 1)), relation, unit });
  }
  return found.sort((a, b) => serviceKey(a).localeCompare(serviceKey(b)));
}

/** `multi-user.target.wants/sshd.service`: one enabled service, as a key and as people read it. */
export function serviceKey(service: EnabledService): string {
  return `${service.target}.${service.relation}/${service.unit}`;
}
