import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, readArtifactSchema, systemIniSchemaOf, type Diagnostic } from "../../../compiler/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";

/** Compiles a blueprint written in a fresh directory, returning the result and the directory. */
async function compileBlueprint(source: string) {
  const directory = temporaryDirectory();
  writeFileSync(join(directory, "x.image.ts"), source);
  return compile("x.image.ts", { cwd: directory, typecheck: false });
}

/** A blueprint whose image declares `settings` (one per line, so each has a line of its own) and gives `values`. */
const declaring = (settings: readonly string[], values = "") => `import { defineImage } from "genpack-ts";
export default defineImage({
  name: "x",
  profile: "paravirt",
  systemIniSettings: [
${settings.map((setting) => `    ${setting},`).join("\n")}
  ],
  ${values}
});
`;

/** The line the n-th declared setting stands on in {@link declaring}'s blueprint. */
const settingLine = (index: number) => 6 + index;

function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((diagnostic) => diagnostic.code === code);
  expect(found, JSON.stringify(diagnostics, null, 1)).toHaveLength(1);
  return found[0] as Diagnostic;
}

describe("a declared system.ini setting", () => {
  it.each([
    ["an unknown kind", `{ key: "a", kind: "boolean", doc: "A" }`, "GP3060", /Unknown kind "boolean"/],
    ["a key with upper-case letters", `{ key: "HostName", kind: "string", doc: "A" }`, "GP3060", /lower-cases every key/],
    ["a key with a delimiter", `{ key: "a=b", kind: "string", doc: "A" }`, "GP3060", /cannot hold `=` or `:`/],
    ["a key with whitespace", `{ key: "my key", kind: "string", doc: "A" }`, "GP3060", /whitespace/],
    ["a section with ]", `{ section: "a]b", key: "k", kind: "string", doc: "A" }`, "GP3060", /cannot hold `\]`/],
    ["a section with a line break", `{ section: "a\\nb", key: "k", kind: "string", doc: "A" }`, "GP3060", /line break/],
    ["min above max", `{ key: "n", kind: "int", min: 5, max: 1, doc: "A" }`, "GP3060", /`min` is greater than `max`/],
    ["a pattern that does not compile", `{ key: "s", kind: "string", pattern: "(", doc: "A" }`, "GP3060", /not a regular expression/],
    ["a default of another type", `{ key: "b", kind: "bool", default: "yes", doc: "A" }`, "GP3061", /The default "yes" is not a boolean/],
    ["a default out of range", `{ key: "n", kind: "int", min: 0, max: 5, default: 10, doc: "A" }`, "GP3061", /10 is not a whole number from 0 to 5/],
    ["a default the pattern does not match", `{ key: "s", kind: "string", pattern: "[a-z]+", default: "A1", doc: "A" }`, "GP3061", /matching "\[a-z\]\+"/],
    ["a default not among the values", `{ key: "e", kind: "enum", values: ["a", "b"], default: "c", doc: "A" }`, "GP3061", /one of "a", "b"/],
    ["a field its kind does not have", `{ key: "s", kind: "bool", pattern: "x", doc: "A" }`, "GP3001", /Unknown field "pattern"/],
  ])("with %s is an error at its line", async (_what, setting, code, message) => {
    const result = await compileBlueprint(declaring([`{ key: "fine", kind: "string", doc: "Fine" }`, setting]));
    expect(result.ok).toBe(false);
    const diagnostic = only(result.diagnostics, code);
    expect(diagnostic.message).toMatch(message);
    expect(diagnostic.location?.file).toMatch(/x\.image\.ts$/);
    expect(diagnostic.location?.start?.line).toBe(settingLine(1));
  });

  it("declared twice with different kinds is an error at the nearer declaration, naming the earlier one", async () => {
    const result = await compileBlueprint(declaring([`{ key: "size", kind: "int", doc: "Size" }`, `{ key: "size", kind: "string", doc: "Size" }`]));
    const diagnostic = only(result.diagnostics, "GP3062");
    expect(diagnostic.location?.start?.line).toBe(settingLine(1));
    expect(diagnostic.related?.[0]?.start?.line).toBe(settingLine(0));
  });

  it("that genpack/base declares with another kind is an error", async () => {
    const result = await compileBlueprint(declaring([`{ key: "timezone", kind: "string", doc: "Timezone" }`]));
    expect(only(result.diagnostics, "GP3062").message).toMatch(/`timezone` is declared here as kind string.*kind timezone \(genpack\/base\)/);
  });

  it("declared twice alike compiles, and the nearer doc is kept", async () => {
    const result = await compileBlueprint(`import { defineImage, defineProfile } from "genpack-ts";
const base = defineProfile({ systemIniSettings: [{ key: "motd", kind: "string", default: "hi", doc: "Far" }] });
export default defineImage({ name: "x", extends: base, profile: "paravirt", systemIniSettings: [{ key: "motd", kind: "string", default: "hi", doc: "Near" }] });
`);
    expect(result.diagnostics).toEqual([]);
    expect(systemIniSchemaOf(result)?.properties["_default"]?.properties["motd"]?.description).toBe("Near");
  });
});

describe("an init module's declared settings", () => {
  const withModule = (settings: string) => `import { defineImage, definePackage, text } from "genpack-ts";
const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1",
  description: "Greets",
  license: "MIT",
  initModules: {
    "50hello.py": {
      source: text("def configure(ini):\\n    pass\\n"),
      settings: [
        ${settings},
      ],
    },
  },
});
export default defineImage({ name: "x", profile: "paravirt", packages: [hello], systemIni: { hello: { greeting: "hi" } } });
`;

  it("are errors at their line in the package", async () => {
    const result = await compileBlueprint(withModule(`{ section: "hello", key: "Greeting", kind: "string", doc: "What to say" }`));
    const diagnostic = only(result.diagnostics, "GP3060");
    expect(diagnostic.location?.start?.line).toBe(12);
  });

  it("go into the schema with the module and package that read them", async () => {
    const result = await compileBlueprint(withModule(`{ section: "hello", key: "greeting", kind: "string", default: "hello", doc: "What to say" }`));
    expect(result.diagnostics).toEqual([]);
    expect(systemIniSchemaOf(result)?.properties["hello"]).toEqual({
      type: "object",
      properties: {
        greeting: { description: "What to say", default: "hello", "x-gp-kind": "string", "x-gp-module": "50hello.py", "x-gp-package": "app-misc/hello", type: "string", pattern: "^[^\\r\\n]*$" },
      },
    });
    expect(systemIniSchemaOf(result)?.["x-gp-values"]).toEqual({ hello: { greeting: "hi" } });
  });
});

describe("the image's systemIni", () => {
  it("with a key no layer declares is an error suggesting the closest key", async () => {
    const result = await compileBlueprint(declaring([], `systemIni: { timezon: "Asia/Tokyo" },`));
    const diagnostic = only(result.diagnostics, "GP3063");
    expect(diagnostic.hint).toBe("Did you mean `timezone`?");
    expect(diagnostic.location?.start?.line).toBe(8);
  });

  it("with a value of the wrong type or out of range is an error at the value", async () => {
    const result = await compileBlueprint(declaring([`{ key: "retries", kind: "int", min: 0, max: 3, doc: "Retries" }`], `systemIni: { debug: "yes", retries: 7 },`));
    const found = result.diagnostics.filter((diagnostic) => diagnostic.code === "GP3064").map((diagnostic) => diagnostic.message);
    expect(found).toEqual(['`debug`: "yes" is not a boolean (true or false).', "`retries`: 7 is not a whole number from 0 to 3."]);
  });

  it("with a timezone, locale or SSH key of the wrong form is an error by the rules gp ini check applies to the file", async () => {
    const result = await compileBlueprint(declaring([], `systemIni: { timezone: "Asia/To kyo", locale: "ja JP", ssh_pubkey: "ssh-ed25519 not-base64!" },`));
    const found = result.diagnostics.filter((diagnostic) => diagnostic.code === "GP3064").map((diagnostic) => diagnostic.message);
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^`timezone`: /);
    expect(found[1]).toMatch(/^`locale`: /);
    expect(found[2]).toMatch(/^`ssh_pubkey`: /);
  });

  it("is rendered into the schema as the strings the file will hold, booleans as true/false", async () => {
    const result = await compileBlueprint(declaring([`{ section: "net", key: "mtu", kind: "int", doc: "MTU" }`], `systemIni: { net: { mtu: 1500 }, debug: true, timezone: "Asia/Tokyo" },`));
    expect(result.diagnostics).toEqual([]);
    expect(systemIniSchemaOf(result)?.["x-gp-values"]).toEqual({ _default: { debug: "true", timezone: "Asia/Tokyo" }, net: { mtu: "1500" } });
  });

  it("cannot be set by a profile", async () => {
    const result = await compileBlueprint(`import { defineImage, defineProfile } from "genpack-ts";
const base = defineProfile({ systemIni: { debug: true } } as never);
export default defineImage({ name: "x", extends: base });
`);
    expect(only(result.diagnostics, "GP3001").message).toMatch(/belongs to an image/);
  });
});

describe("the schema in an artifact directory", () => {
  it("is what gp compile wrote", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "system-ini.json"), JSON.stringify({ $schema: "https://json-schema.org/draft/2020-12/schema", title: "t", type: "object", properties: {}, "x-gp-image": { name: "n" } }));
    const read = readArtifactSchema(directory);
    expect(read.ok && read.fromFile && read.schema.title).toBe("t");
  });

  it("is genpack/base's keys for an artifact without one", () => {
    const read = readArtifactSchema(temporaryDirectory());
    expect(read.ok && !read.fromFile && Object.keys(read.schema.properties["_default"]?.properties ?? {})).toEqual(["debug", "exec_guard", "locale", "ssh_pubkey", "timezone"]);
  });

  it("is refused with GP1010 when it is a link out of the directory", () => {
    const outside = temporaryDirectory();
    writeFileSync(join(outside, "schema.json"), "{}");
    const directory = temporaryDirectory();
    symlinkSync(join(outside, "schema.json"), join(directory, "system-ini.json"));
    const read = readArtifactSchema(directory);
    expect(!read.ok && read.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["GP1010"]);
  });

  it("is refused when it is not a schema, or not a file", () => {
    const broken = temporaryDirectory();
    writeFileSync(join(broken, "system-ini.json"), "[");
    const read = readArtifactSchema(broken);
    expect(!read.ok && read.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["GP8116"]);
    const folder = temporaryDirectory();
    mkdirSync(join(folder, "system-ini.json"));
    const directory = readArtifactSchema(folder);
    expect(!directory.ok && directory.diagnostics[0]?.message).toMatch(/is a directory, not a file/);
  });
});
