import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LowerContext } from "../../../runtime/build/build-context.js";
import { lowerInputs } from "../../../runtime/build/lower/lower-phase.js";
import { openTarget } from "../../../runtime/build/open-target.js";
import { changedInputs, phaseKey } from "../../../runtime/build/phase-key.js";
import { upperInputs } from "../../../runtime/build/upper/upper-phase.js";
import { cacheLayout } from "../../../runtime/build/work-layout.js";
import { LogFile } from "../../../host/exec.js";
import { PhaseReport, silentReporter } from "../../../runtime/report/reporter.js";
import { temporaryDirectory } from "../../helpers/temp.js";

const BASE = {
  name: "scope",
  profile: "paravirt",
  packages: ["app-misc/eula"],
  use: { "app-misc/flavour": "chocolate" },
  accept_keywords: { "app-misc/keyworded": null },
  users: [{ name: "builder", uid: 1500 }],
  services: ["sshd.service"],
};

/** The lower's and the upper's inputs for an artifact directory holding `genpack` (plus files/). */
async function inputsOf(genpack: Record<string, unknown>, files: Record<string, string> = {}) {
  const dir = temporaryDirectory("gp-scope-");
  writeFileSync(join(dir, "genpack.json5"), JSON.stringify(genpack));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, "files", path, ".."), { recursive: true });
    writeFileSync(join(dir, "files", path), content);
  }
  const opened = await openTarget(dir, { cwd: dir, arch: "x86_64", compile: false });
  if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
  const layout = opened.layout;
  const digest = { path: "", sha512: "f".repeat(128) };
  const context: LowerContext = {
    target: opened.target,
    options: {},
    layout,
    cache: cacheLayout(join(dir, "cache")),
    inputs: { stage3: digest, portage: digest, overlay: digest },
    reporter: silentReporter,
    signal: new AbortController().signal,
    report: new PhaseReport(silentReporter, "lower"),
    log: new LogFile(join(dir, "log")),
  };
  const lower = lowerInputs(context);
  const upper = upperInputs(context, phaseKey(lower), 1_700_000_000);
  await context.log.close();
  return { lower, upper };
}

describe("what an edit reruns", () => {
  it("reruns the lower for USE flags, packages, keywords, masks and licenses, naming what changed", async () => {
    const base = await inputsOf(BASE);
    const edits: [Record<string, unknown>, string][] = [
      [{ use: { "app-misc/flavour": "vanilla" } }, "USE flags"],
      [{ packages: ["app-misc/eula", "dev-libs/libsample"] }, "packages"],
      [{ accept_keywords: {} }, "accepted keywords"],
      [{ mask: [">=app-misc/maskable-2"] }, "masks"],
      [{ license: { "app-misc/eula": "Example-EULA" } }, "accepted licenses"],
      [{ buildtime_packages: ["dev-util/buildtool"] }, "buildtime packages"],
    ];
    for (const [edit, name] of edits) {
      const edited = await inputsOf({ ...BASE, ...edit });
      expect(changedInputs(base.lower, edited.lower), JSON.stringify(edit)).toEqual([name]);
      // The upper follows, through the lower's key.
      expect(changedInputs(base.upper, edited.upper)).toContain("lower");
    }
  });

  it("leaves the lower alone for services, users, groups, setup commands and files/, and reruns the upper for them", async () => {
    const base = await inputsOf(BASE, { "etc/motd": "hello\n" });
    const edits: [Record<string, unknown>, Record<string, string>, string][] = [
      [{ services: [] }, { "etc/motd": "hello\n" }, "services"],
      [{ users: [{ name: "builder", uid: 1501 }] }, { "etc/motd": "hello\n" }, "users"],
      [{ groups: [{ name: "fixture", gid: 1500 }] }, { "etc/motd": "hello\n" }, "groups"],
      [{ setup_commands: ["true"] }, { "etc/motd": "hello\n" }, "setup commands"],
      [{}, { "etc/motd": "changed\n" }, "files/"],
    ];
    for (const [edit, files, name] of edits) {
      const edited = await inputsOf({ ...BASE, ...edit }, files);
      expect(phaseKey(edited.lower), name).toBe(phaseKey(base.lower));
      expect(changedInputs(base.upper, edited.upper)).toEqual([name]);
    }
  });
});
