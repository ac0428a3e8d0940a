import { join } from "node:path";
import type { RunningProgram } from "../../host/exec.js";
import type { SharedFolder } from "./shared-folder.js";
import { findVirtiofsd, startVirtiofsd } from "./virtiofsd.js";
import type { ShareSpec } from "./vm-spec.js";
import type { ShareState } from "./vm-state.js";

export interface ServedShares {
  readonly specs: readonly ShareSpec[];
  readonly states: readonly ShareState[];
  /** The virtiofsd processes started, to be let go with QEMU when gp leaves the VM running. */
  readonly daemons: readonly RunningProgram[];
}

export interface ServeEvents {
  readonly progress: (message: string) => void;
  readonly warning: (message: string) => void;
  /** Called as soon as a virtiofsd runs, so that its pid is on record before anything else can fail. */
  readonly record: (states: readonly ShareState[]) => void;
}

/**
 * Makes every shared folder reachable for QEMU: over virtiofs, each with a virtiofsd of its own
 * whose socket is in the VM's runtime directory; over 9p, which QEMU serves itself, when the host
 * has no virtiofsd or it cannot run (as a user it may lack the privileges its sandbox needs).
 * After one virtiofsd has failed the rest of the folders go over 9p at once: they would fail the same way.
 */
export async function serveShares(shares: readonly SharedFolder[], directory: string, events: ServeEvents): Promise<ServedShares> {
  const specs: ShareSpec[] = [];
  const states: ShareState[] = [];
  const daemons: RunningProgram[] = [];
  if (shares.length === 0) return { specs, states, daemons };
  let daemon = await findVirtiofsd();
  if (daemon === undefined) events.warning("virtiofsd is not installed (Debian package virtiofsd; QEMU up to 7.2 brought its own): the shared folders go over 9p, which is slower");
  for (const [index, share] of shares.entries()) {
    if (daemon !== undefined) {
      const socket = join(directory, `fs${index}.sock`);
      const started = await startVirtiofsd(daemon, share, socket, join(directory, `virtiofsd${index}.log`));
      if (started.ok) {
        daemons.push(started.program);
        specs.push({ via: "virtiofs", path: share.path, tag: share.tag, socket });
        states.push({ path: share.path, tag: share.tag, via: "virtiofs", virtiofsd: started.identity });
        events.record(states);
        events.progress(`sharing ${share.path} as ${share.tag} over virtiofs`);
        continue;
      }
      events.warning(`virtiofsd cannot run (${started.reason}): the shared folders go over 9p instead, which is slower`);
      daemon = undefined;
    }
    specs.push({ via: "9p", path: share.path, tag: share.tag });
    states.push({ path: share.path, tag: share.tag, via: "9p" });
    events.progress(`sharing ${share.path} as ${share.tag} over 9p`);
  }
  events.record(states);
  return { specs, states, daemons };
}
