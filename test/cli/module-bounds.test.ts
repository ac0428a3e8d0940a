import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonDiagnostics, jsonLines, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

const SECRET = "TOP_SECRET_LINE_4242";

/** A project beside a folder of secrets, as a cloned repository sits beside a user's files. */
function projectBesideSecrets(): { project: string; secrets: string } {
  const root = temporaryDirectory("gp-bounds-");
  const secrets = join(root, "secrets");
  mkdirSync(secrets);
  writeFileSync(join(secrets, "notes.txt"), `${SECRET}\n`);
  writeFileSync(join(secrets, "token.json"), JSON.stringify({ token: SECRET }));
  const project = join(root, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "cloned", private: true }));
  return { project, secrets };
}

function errorCodes(stdout: string): unknown[] {
  return jsonDiagnostics(stdout)
    .filter((line) => line["severity"] === "error")
    .map((line) => line["code"]);
}

describe("imports stay inside the project", () => {
  it.each([
    ["a module linked to a file outside", "helper.ts", "notes.txt", 'import "./helper.ts";'],
    ["JSON linked to a file outside", "data.json", "token.json", 'import data from "./data.json";\nvoid data;'],
  ])("%s is refused unread, by the type-check and by the bundle", async (_name, link, target, statement) => {
    const { project, secrets } = projectBesideSecrets();
    symlinkSync(join(secrets, target), join(project, link));
    writeFileSync(join(project, "case.image.ts"), `import { defineImage } from "genpack-ts";\n${statement}\nexport default defineImage({ name: "case" });\n`);
    const checked = await runGp(["check", "case.image.ts", "--json"], { cwd: project });
    expect(checked.exitCode).toBe(1);
    expect(checked.stdout + checked.stderr).not.toContain(SECRET);
    expect(errorCodes(checked.stdout)).toContain("GP1011");
    const compiled = await runGp(["compile", "case.image.ts", "--no-check", "--json"], { cwd: project });
    expect(compiled.exitCode).toBe(1);
    expect(compiled.stdout + compiled.stderr).not.toContain(SECRET);
    expect(hasStackTrace(compiled.stdout + compiled.stderr)).toBe(false);
    expect(jsonLines(compiled.stdout)).toContainEqual(expect.objectContaining({ code: "GP1011", file: "case.image.ts", line: 2 }));
  });

  it("a package folder linked out of node_modules is refused like any other link", async () => {
    const { project, secrets } = projectBesideSecrets();
    mkdirSync(join(project, "node_modules"));
    symlinkSync(secrets, join(project, "node_modules", "innocent"));
    writeFileSync(join(project, "case.image.ts"), 'import { defineImage } from "genpack-ts";\nimport data from "innocent/token.json";\nexport default defineImage({ name: "case", setupCommands: [data.token] });\n');
    const compiled = await runGp(["compile", "case.image.ts", "--no-check", "--json"], { cwd: project });
    expect(compiled.exitCode).toBe(1);
    expect(compiled.stdout + compiled.stderr).not.toContain(SECRET);
    expect(jsonLines(compiled.stdout)).toContainEqual(expect.objectContaining({ code: "GP1011", line: 2 }));
  });

  it("packages of an npm workspace, linked into node_modules, are part of the project", async () => {
    const root = temporaryDirectory("gp-bounds-");
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "monorepo", private: true, workspaces: ["packages/*"] }));
    const profile = join(root, "packages", "profile-base");
    mkdirSync(profile, { recursive: true });
    writeFileSync(join(profile, "package.json"), JSON.stringify({ name: "profile-base", type: "module", main: "index.ts" }));
    writeFileSync(join(profile, "index.ts"), 'import { defineProfile } from "genpack-ts";\nexport default defineProfile({ packages: ["app-misc/screen"] });\n');
    const image = join(root, "packages", "image");
    mkdirSync(image, { recursive: true });
    writeFileSync(join(image, "package.json"), JSON.stringify({ name: "image", private: true }));
    writeFileSync(join(image, "case.image.ts"), 'import { defineImage } from "genpack-ts";\nimport base from "profile-base";\nexport default defineImage({ name: "case", extends: base });\n');
    mkdirSync(join(root, "node_modules"));
    symlinkSync("../packages/profile-base", join(root, "node_modules", "profile-base"));
    const compiled = await runGp(["compile", "case.image.ts", "--no-check"], { cwd: image });
    expect(compiled.stderr).toBe("");
    expect(compiled.exitCode).toBe(0);
  });
});
