import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile, systemIniSchemaOf } from "../../../compiler/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { genpackOverlaySettings } from "../../../dsl/genpack-overlay-settings.js";
import { settingDeclarations } from "../../../compiler/system-ini/declaration-check.js";
import { IssueSink } from "../../../compiler/validate/issues.js";

function issuesOf(settings: unknown) {
  const sink = new IssueSink();
  settingDeclarations(settings, ["systemIniSettings"], sink);
  return sink.issues;
}

describe("genpack-overlay's declared settings", () => {
  it.each(Object.entries(genpackOverlaySettings))("of %s validate", (_name, settings) => {
    expect(issuesOf(settings)).toEqual([]);
  });

  it("name the module and package that read each key", () => {
    for (const setting of Object.values(genpackOverlaySettings).flat()) {
      expect(setting.module, setting.key).toBeTruthy();
      expect(setting.package, setting.key).toBeTruthy();
    }
  });
});

/** The keys at the top of the file in the schema of an image that only extends the profile. */
async function keysOfImageExtending(name: string): Promise<string[]> {
  const directory = temporaryDirectory();
  writeFileSync(join(directory, "plain.image.ts"), `import { defineImage } from "genpack-ts";\nimport profile from "@genpack-ts/profile-${name}";\nexport default defineImage({ name: "plain", extends: profile });\n`);
  const result = await compile("plain.image.ts", { cwd: directory, typecheck: false });
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
  return Object.keys(systemIniSchemaOf(result)?.properties["_default"]?.properties ?? {});
}

const BASE_KEYS = ["debug", "exec_guard", "locale", "ssh_pubkey", "timezone"];

describe("the profile packages", () => {
  it.each(["systemimg", "baremetal", "gnome-baremetal", "raspberrypi", "catalina"])("%s gives an image genpack/systemimg's keys besides genpack/base's", async (name) => {
    expect(await keysOfImageExtending(name)).toEqual(["autologin", "debug", "exec_guard", "hostname", "locale", "ssh_pubkey", "swapfile", "timezone"]);
  });

  it.each(["paravirt", "weston-paravirt"])("%s gives an image genpack/base's keys only, as genpack/paravirt reads none", async (name) => {
    expect(await keysOfImageExtending(name)).toEqual(BASE_KEYS);
  });
});
