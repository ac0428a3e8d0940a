import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatValuePath } from "../../../errors/diagnostics.js";
import { checkArtifactDirectory } from "../../../compiler/artifact/check-artifact-directory.js";
import { temporaryDirectory } from "../../helpers/temp.js";

/** The errors of `gp check` on an artifact `folder` holding this genpack.json5, as [code, key path, line]. */
function errorsOf(json: string, folder = "box"): [string, string, number | undefined][] {
  const directory = join(temporaryDirectory(), folder);
  mkdirSync(directory);
  writeFileSync(join(directory, "genpack.json5"), json);
  const read = checkArtifactDirectory(directory);
  return read.diagnostics
    .filter((diagnostic) => diagnostic.severity === "error")
    .map((diagnostic) => [diagnostic.code, formatValuePath(diagnostic.path ?? []), diagnostic.location?.start?.line]);
}

const long = (length: number, char = "x") => char.repeat(length);

describe("names in genpack.json5 keep the output inside the artifact directory", () => {
  it.each([
    ["a name with ../", `{ name: "../evil" }`, "GP3033", "name"],
    ["a name with a slash", `{ name: "a/b" }`, "GP3033", "name"],
    ["a name with a control character", `{ name: "bell\\u0007" }`, "GP3033", "name"],
    ["a name of 201 bytes", `{ name: "${long(201)}" }`, "GP3033", "name"],
    ["a variant's name with ../", `{ name: "box", variants: { v: { name: "../v" } } }`, "GP3033", "variants.v.name"],
    ["a variant named ..", `{ name: "box", variants: { "..": {} } }`, "GP3023", 'variants[".."]'],
    ["a variant named with 201 bytes", `{ name: "box", variants: { "${long(201)}": {} } }`, "GP3023", formatValuePath(["variants", long(201)])],
    ["an outfile with ..", `{ name: "box", outfile: "../box.squashfs" }`, "GP3024", "outfile"],
    ["an outfile with a line break", `{ name: "box", outfile: "box\\n.squashfs" }`, "GP3024", "outfile"],
    ["an outfile of 250 bytes, to which genpack appends .squashfs", `{ name: "box", outfile: "${long(250)}" }`, "GP3024", "outfile"],
  ])("refuses %s at its key path", (_what, json, code, path) => {
    expect(errorsOf(json)).toEqual([[code, path, 1]]);
  });

  it("refuses a variant whose image file, named after the image and the variant, would be too long a file name", () => {
    const variant = long(100, "v");
    expect(errorsOf(`{ name: "${long(150)}", variants: { ${variant}: {} } }`)).toEqual([["GP3023", formatValuePath(["variants", variant]), 1]]);
    expect(errorsOf(`{ name: "${long(150)}", outfile: "box.squashfs", variants: { ${variant}: {} } }`)).toEqual([]);
    expect(errorsOf(`{ name: "${long(150)}", variants: { ${variant}: { name: "short" } } }`)).toEqual([]);
  });

  it("refuses a folder name that is no image name when genpack.json5 sets none", () => {
    expect(errorsOf(`{ packages: ["app-misc/screen"] }`, "my box")).toEqual([["GP3033", "", 1]]);
    expect(errorsOf(`{ name: "box" }`, "my box")).toEqual([]);
  });
});

describe("genpack.json5 fields held to the rules blueprints are held to", () => {
  it.each([
    ["a home with ':'", `{ name: "box", users: [{ name: "web", home: "/srv/web:x" }] }`, "GP3015", "users[0].home"],
    ["a shell with a line break", `{ name: "box", users: [{ name: "web", shell: "/bin/sh\\nroot2::0:0::/:/bin/sh" }] }`, "GP3015", "users[0].shell"],
    ["a home with NUL", `{ name: "box", users: [{ name: "web", home: "/srv/\\u0000" }] }`, "GP3015", "users[0].home"],
    ["a home that is not absolute", `{ name: "box", users: [{ name: "web", home: "srv/web" }] }`, "GP3015", "users[0].home"],
    ["a home with a part of 256 bytes", `{ name: "box", users: [{ name: "web", home: "/srv/${long(256)}" }] }`, "GP3015", "users[0].home"],
    ["a comment with NUL", `{ name: "box", users: [{ name: "web", comment: "a\\u0000b" }] }`, "GP3002", "users[0].comment"],
    ["a uid of 4294967295", `{ name: "box", users: [{ name: "web", uid: 4294967295 }] }`, "GP3018", "users[0].uid"],
    ["a gid of 4294967295 written as a string", `{ name: "box", groups: [{ name: "web", gid: "4294967295" }] }`, "GP3018", "groups[0].gid"],
    ["a user name useradd refuses", `{ name: "box", users: [{ name: "Web Admin" }] }`, "GP3010", "users[0].name"],
    ["a group given as a name useradd refuses", `{ name: "box", groups: ["Web Admin"] }`, "GP3010", "groups[0]"],
    ["a setup command with a line break", `{ name: "box", setup_commands: ["false\\ntrue"] }`, "GP3057", "setup_commands[0]"],
    ["a setup command with NUL", `{ name: "box", setup_commands: ["echo \\u0000"] }`, "GP3057", "setup_commands[0]"],
    ["an empty setup command", `{ name: "box", setup_commands: [" "] }`, "GP3025", "setup_commands[0]"],
    ["an env file name with a slash", `{ name: "box", env: { "app-misc/screen": "../debug.conf" } }`, "GP3024", 'env["app-misc/screen"]'],
    ["a commented-out entry that is no atom", `{ name: "box", packages: ["#foo"] }`, "GP3003", "packages[0]"],
    ["a user defined at the top level and again in a variant", `{ name: "box", users: ["web"], variants: { v: { users: [{ name: "web" }] } } }`, "GP3008", "variants.v.users[0]"],
    ["two users sharing a uid", `{ name: "box", users: [{ name: "a", uid: 1000 }, { name: "b", uid: "1000" }] }`, "GP3026", "users[1]"],
  ])("refuses %s at its key path", (_what, json, code, path) => {
    expect(errorsOf(json)).toEqual([[code, path, 1]]);
  });

  it("takes an atom commented out, as genpack writes it into the set file", () => {
    expect(errorsOf(`{ name: "box", packages: ["#dev-ruby/bundler", "# app-misc/screen"] }`)).toEqual([]);
  });
});
