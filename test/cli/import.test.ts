import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonLines, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

/** Every path below `root` with what it is: a folder, a link and its target, or a file's digest. */
function tree(root: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (path: string, shown: string) => {
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      const stats = lstatSync(child);
      const key = `${shown}${name}`;
      if (stats.isSymbolicLink()) found[key] = `-> ${readlinkSync(child)}`;
      else if (stats.isDirectory()) {
        found[key] = "folder";
        walk(child, `${key}/`);
      } else found[key] = createHash("sha256").update(readFileSync(child)).digest("hex");
    }
  };
  walk(root, "");
  return found;
}

/** An artifact `web` with a files/ tree, in a folder of its own. */
function artifact(json = `{ profile: "paravirt", packages: ["app-misc/screen"] }\n`): string {
  const directory = join(temporaryDirectory(), "web");
  mkdirSync(join(directory, "files/etc"), { recursive: true });
  writeFileSync(join(directory, "files/etc/motd"), "from the artifact\n");
  writeFileSync(join(directory, "genpack.json5"), json);
  return directory;
}

describe("gp import writes aside and swaps in", () => {
  it("keeps the user's blueprint and files/ byte for byte when a --force import does not compile", async () => {
    const web = artifact();
    const project = temporaryDirectory();
    mkdirSync(join(project, "files/etc"), { recursive: true });
    writeFileSync(join(project, "files/etc/motd"), "the user's own\n");
    writeFileSync(join(project, "web.image.ts"), "// the user's blueprint\n");
    // A tsconfig.json the type-check cannot read makes any blueprint here fail to compile.
    writeFileSync(join(project, "tsconfig.json"), '{ "compilerOptions": { "strict": tru');
    const before = tree(project);
    const run = await runGp(["import", web, "-o", join(project, "web.image.ts"), "--force"]);
    expect(run.exitCode).toBe(1);
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
    expect(run.stderr).toContain("error GP1005");
    expect(run.stderr).toContain("The imported blueprint does not compile, so gp import wrote nothing.");
    expect(tree(project)).toEqual(before);
  });

  it("replaces the user's blueprint and files/ with --force once the import compiles", async () => {
    const web = artifact();
    const project = temporaryDirectory();
    mkdirSync(join(project, "files/etc"), { recursive: true });
    writeFileSync(join(project, "files/etc/old"), "old\n");
    writeFileSync(join(project, "web.image.ts"), "// old\n");
    const run = await runGp(["import", web, "-o", join(project, "web.image.ts"), "--force"]);
    expect(run.exitCode).toBe(0);
    const after = tree(project);
    expect(Object.keys(after).sort()).toEqual(["files", "files/etc", "files/etc/motd", "web.image.ts"]);
    expect(readFileSync(join(project, "web.image.ts"), "utf8")).toContain('"/etc": directory("./files/etc")');
  });

  it("leaves the artifact's files/ untouched when the destination is a link to the artifact", async () => {
    const web = artifact();
    const outside = temporaryDirectory();
    symlinkSync(web, join(outside, "link"));
    const before = tree(web);
    const run = await runGp(["import", web, "-o", join(outside, "link/web.image.ts"), "--force"]);
    expect(run.exitCode).toBe(0);
    const after = tree(web);
    // The blueprint went into the artifact, beside genpack.json5, and names its files in place.
    expect(after).toEqual({ ...before, "web.image.ts": expect.any(String) as string });
    expect(readFileSync(join(web, "web.image.ts"), "utf8")).toContain('directory("./files/etc")');
  });

  it("replaces a link in the destination to the artifact's files/ with --force, never what it points to", async () => {
    const web = artifact();
    const project = temporaryDirectory();
    symlinkSync(join(web, "files"), join(project, "files"));
    const before = tree(web);
    const run = await runGp(["import", web, "-o", join(project, "web.image.ts"), "--force"]);
    expect(run.exitCode).toBe(0);
    expect(tree(web)).toEqual(before);
    expect(lstatSync(join(project, "files")).isDirectory()).toBe(true);
    expect(readFileSync(join(project, "files/etc/motd"), "utf8")).toBe("from the artifact\n");
  });

  it("names an artifact without `name` after the folder it was given as, even through a link", async () => {
    const web = artifact(`{ packages: ["app-misc/screen"] }\n`);
    const link = join(temporaryDirectory(), "shop");
    symlinkSync(web, link);
    const project = temporaryDirectory();
    const run = await runGp(["import", link, "-o", join(project, "shop.image.ts")]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readFileSync(join(project, "shop.image.ts"), "utf8")).toContain('name: "shop"');
  });

  it("writes nothing outside the artifact for a name with ../", async () => {
    const web = artifact(`{ name: "../evil", packages: ["app-misc/screen"] }\n`);
    const parent = join(web, "..");
    const before = tree(parent);
    const run = await runGp(["import", web, "--json"]);
    expect(run.exitCode).toBe(1);
    expect(jsonLines(run.stdout)).toContainEqual(expect.objectContaining({ code: "GP3033", path: "name", line: 1 }));
    expect(tree(parent)).toEqual(before);
  });

  it.each([
    ["an existing folder", (project: string) => project, "is a folder; gp import writes one blueprint file"],
    ["/", () => "/", "is a folder; gp import writes one blueprint file"],
    ["a folder inside the artifact", (_project: string, web: string) => join(web, "files/sub/web.image.ts"), "is inside the artifact"],
    ["a file that is no TypeScript module", (project: string) => join(project, "web.json5"), "is not the name of a TypeScript module"],
  ])("refuses -o %s with a clear error, exit 1 and no file left behind", async (_what, output, message) => {
    const web = artifact();
    const project = temporaryDirectory();
    const destination = output(project, web);
    const watched = [project, web, "/"];
    const before = watched.map((folder) => (folder === "/" ? readdirSync("/").sort() : tree(folder)));
    for (const force of [[], ["--force"]]) {
      const run = await runGp(["import", web, "-o", destination, ...force]);
      expect(run.exitCode).toBe(1);
      expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
      expect(run.stderr).toContain(message);
      expect(watched.map((folder) => (folder === "/" ? readdirSync("/").sort() : tree(folder)))).toEqual(before);
    }
  });

  it("leaves no staged file beside the artifact when a blueprint written there does not compile", async () => {
    const web = artifact();
    writeFileSync(join(web, "tsconfig.json"), "{ not json");
    const before = tree(web);
    const run = await runGp(["import", web]);
    expect(run.exitCode).toBe(1);
    expect(tree(web)).toEqual(before);
  });

  it("removes the folders it made for a blueprint that was not written", async () => {
    const web = artifact();
    const project = temporaryDirectory();
    writeFileSync(join(project, "tsconfig.json"), "{ not json");
    const run = await runGp(["import", web, "-o", join(project, "new/deeper/web.image.ts")]);
    expect(run.exitCode).toBe(1);
    expect(readdirSync(project)).toEqual(["tsconfig.json"]);
  });

  it("copies links in the artifact's subdirectories as links, without following them", async () => {
    const web = artifact();
    symlinkSync("/etc/hostname", join(web, "files/etc/hostname"));
    const project = temporaryDirectory();
    const run = await runGp(["import", web, "-o", join(project, "web.image.ts")]);
    expect(run.exitCode).toBe(0);
    expect(lstatSync(join(project, "files/etc/hostname")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(project, "files/etc/hostname"))).toBe("/etc/hostname");
  });
});

describe("gp import of an artifact gp compile wrote", () => {
  it("leaves out the header that says the artifact was generated", async () => {
    const project = temporaryDirectory();
    writeFileSync(join(project, "web.image.ts"), `import { defineImage } from "genpack-ts";\n\nexport default defineImage({ name: "web", packages: ["app-misc/screen"] });\n`);
    expect((await runGp(["compile", join(project, "web.image.ts")])).exitCode).toBe(0);
    const out = join(project, "out/web");
    expect(readFileSync(join(out, "genpack.json5"), "utf8")).toContain("// Generated by gp from ../../web.image.ts.");
    const run = await runGp(["import", out, "-o", join(project, "again/web.image.ts")]);
    expect(run.exitCode).toBe(0);
    const source = readFileSync(join(project, "again/web.image.ts"), "utf8");
    expect(source).not.toContain("Generated by gp");
    expect(source).not.toContain("changes made here are replaced");
    expect(source.startsWith('import { defineImage } from "genpack-ts";')).toBe(true);
  });

  it("keeps a comment of the user's above the genpack.json5 that only looks like the header", async () => {
    const web = artifact(`// Generated by hand, not by gp.\n{ packages: ["app-misc/screen"] }\n`);
    const run = await runGp(["import", web]);
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(web, "web.image.ts"), "utf8").startsWith("// Generated by hand, not by gp.\n")).toBe(true);
  });
});
