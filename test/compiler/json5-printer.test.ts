import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { json5Object } from "../../genpack/json5/document.js";
import { printJson5 } from "../../compiler/json5-printer.js";

describe("the JSON5 printer", () => {
  const document = json5Object([
    ["name", "x"],
    ["packages", ["a/b", "c/d"]],
    ["use", json5Object([["dev-lang/php", "mysql"], ["*/*", null]])],
    ["variants", json5Object([["selftest", json5Object([])], ["31", json5Object([["users", [json5Object([["name", "u"], ["uid", 1000]])]]])]])],
    ["lower-layer-capacity", 64],
  ]);

  it("writes a comment header, unquoted identifier keys and trailing commas", () => {
    expect(printJson5(document, "line one\nline two")).toBe(`// line one
// line two
{
    name: "x",
    packages: ["a/b", "c/d"],
    use: {
        "dev-lang/php": "mysql",
        "*/*": null,
    },
    variants: {
        selftest: {},
        "31": {
            users: [
                {
                    name: "u",
                    uid: 1000,
                },
            ],
        },
    },
    "lower-layer-capacity": 64,
}
`);
  });

  it("keeps keys in the order given, even keys that look like numbers", () => {
    const text = printJson5(document);
    expect(text.indexOf("selftest")).toBeLessThan(text.indexOf('"31"'));
  });

  it("writes what JSON5 parses back to the same values", () => {
    expect(JSON5.parse(printJson5(document))).toEqual({
      name: "x",
      packages: ["a/b", "c/d"],
      use: { "dev-lang/php": "mysql", "*/*": null },
      variants: { selftest: {}, "31": { users: [{ name: "u", uid: 1000 }] } },
      "lower-layer-capacity": 64,
    });
  });

  it("escapes strings as JSON does", () => {
    const text = printJson5(json5Object([["s", 'say "hi"\\ */5 * * * *\n']]));
    expect(JSON5.parse(text)).toEqual({ s: 'say "hi"\\ */5 * * * *\n' });
  });

  it("breaks a list that would not fit on one line", () => {
    const long = Array.from({ length: 8 }, (_, index) => `category-${index}/package-name-${index}`);
    const text = printJson5(json5Object([["packages", long]]));
    expect(text.split("\n").length).toBeGreaterThan(8);
    expect(JSON5.parse(text)).toEqual({ packages: long });
  });
});
