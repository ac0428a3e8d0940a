import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { binreposConf } from "../../../runtime/binhost/index.js";
import { portageTools } from "../../helpers/portage.js";
import { skipFor } from "../../helpers/skip.js";
import { suiteDirectory } from "../../helpers/temp.js";

/** What Portage's own loader makes of a binrepos.conf directory: name, priority, sync-uri, verify-signature, most preferred first. */
function portageReads(directory: string): { name: string; priority: number; syncUri: string; verifySignature: boolean }[] {
  const code = `
import json, sys
from portage.binrepo.config import BinRepoConfigLoader
settings = {"EPREFIX": "", "EROOT": "/", "PORTAGE_CONFIGROOT": "/", "ROOT": "/"}
repos = BinRepoConfigLoader((sys.argv[1],), settings)
print(json.dumps([{"name": r.name, "priority": r.priority, "syncUri": r.sync_uri, "verifySignature": r.verify_signature} for r in reversed(list(repos.values()))]))
`;
  const run = spawnSync("python3", ["-c", code, directory], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  if (run.stderr.includes("!!!")) throw new Error(`Portage complained: ${run.stderr}`);
  return JSON.parse(run.stdout) as ReturnType<typeof portageReads>;
}

const tools = portageTools();

describe("gp's binrepos.conf", skipFor(tools.available ? undefined : tools.reason), () => {
  it("is read by Portage as the binhosts in the order given, the first with the highest priority, signatures not required", () => {
    const directory = join(suiteDirectory("gp-binrepos-"), "binrepos.conf");
    mkdirSync(directory);
    writeFileSync(join(directory, "gp.conf"), binreposConf(["http://127.0.0.1:8080/first", "https://binhost.example/x86_64"]));
    expect(portageReads(directory)).toEqual([
      { name: "gp-binhost-1", priority: 2, syncUri: "http://127.0.0.1:8080/first", verifySignature: false },
      { name: "gp-binhost-2", priority: 1, syncUri: "https://binhost.example/x86_64", verifySignature: false },
    ]);
  });

  it("keeps a percent-encoded URL whole through Portage's interpolation", () => {
    const directory = join(suiteDirectory("gp-binrepos-percent-"), "binrepos.conf");
    mkdirSync(directory);
    writeFileSync(join(directory, "gp.conf"), binreposConf(["https://binhost.example/a%20b/%(EROOT)s"]));
    expect(portageReads(directory).map((repo) => repo.syncUri)).toEqual(["https://binhost.example/a%20b/%(EROOT)s"]);
  });
});
