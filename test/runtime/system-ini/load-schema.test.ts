import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadArtifactSchema, parseSchemaDocument } from "../../../runtime/system-ini/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const valid = { type: "object", "x-gp-image": { name: "demo" }, properties: { _default: { type: "object", properties: { debug: { "x-gp-kind": "bool", description: "Log more" } } } } };

describe("loading a system.ini schema", () => {
  it("takes a well-formed document", () => {
    expect(parseSchemaDocument(bytes(valid), "x.json").properties._default?.properties.debug?.["x-gp-kind"]).toBe("bool");
  });

  it("refuses forged documents with GP8116, naming the file and the place", () => {
    const forged: readonly [unknown, string][] = [
      [[], "it is not a JSON object"],
      [{ ...valid, properties: { _default: { type: "object", properties: { debug: { "x-gp-kind": "colour", description: "" } } } } }, 'properties["_default"].properties["debug"] has no known "x-gp-kind"'],
      [{ ...valid, properties: { a: { type: "object", properties: { b: { "x-gp-kind": "string", description: "", pattern: "(" } } } } }, 'has a "pattern" that is not a regular expression'],
      [{ ...valid, properties: { a: { type: "object", properties: { b: { "x-gp-kind": "enum", description: "" } } } } }, 'has no "enum" list of words'],
    ];
    for (const [document, problem] of forged) {
      expect(() => parseSchemaDocument(bytes(document), "x.json")).toThrow(expect.objectContaining({ code: "GP8116", message: expect.stringContaining(problem) }));
    }
    expect(() => parseSchemaDocument(new TextEncoder().encode('{"type": "obj'), "cut.json")).toThrow(/cut\.json is not valid JSON/);
  });

  it("reads no schema through a link out of the artifact directory", () => {
    const root = temporaryDirectory();
    mkdirSync(join(root, "art"));
    writeFileSync(join(root, "outside.json"), JSON.stringify(valid));
    symlinkSync(join(root, "outside.json"), join(root, "art", "system-ini.json"));
    expect(() => loadArtifactSchema(join(root, "art"))).toThrow(expect.objectContaining({ code: "GP1010", message: expect.stringContaining("leads out of the artifact directory") }));
  });

  it("gives an artifact without a schema genpack/base's keys, and says so", () => {
    const root = temporaryDirectory();
    const loaded = loadArtifactSchema(root);
    expect(loaded.source).toContain("genpack/base's keys");
    expect(Object.keys(loaded.schema.properties["_default"]?.properties ?? {})).toEqual(["debug", "exec_guard", "locale", "ssh_pubkey", "timezone"]);
  });
});
