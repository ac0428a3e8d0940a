import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import { temporaryDirectory } from "../helpers/temp.js";

function project(files: Record<string, string>): string {
  const directory = temporaryDirectory();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content);
  return directory;
}

const profile = (name: string, extendsList: string[]) =>
  `import { defineProfile } from "genpack-ts";\n${extendsList.map((parent) => `import ${parent} from "./${parent}.profile.js";`).join("\n")}\nexport default defineProfile({ ${extendsList.length > 0 ? `extends: [${extendsList.join(", ")}], ` : ""}setupCommands: ["echo ${name}"] });\n`;

describe("composing profiles", () => {
  it("applies each profile once, parents before children, left to right, the image last", async () => {
    // image extends [web, db]; web extends [base, tls]; db extends [base]; tls extends [base].
    const directory = project({
      "base.profile.ts": profile("base", []),
      "tls.profile.ts": profile("tls", ["base"]),
      "web.profile.ts": profile("web", ["base", "tls"]),
      "db.profile.ts": profile("db", ["base"]),
      "x.image.ts": `import { defineImage } from "genpack-ts";\nimport web from "./web.profile.js";\nimport db from "./db.profile.js";\nexport default defineImage({ extends: [web, db], setupCommands: ["echo image"] });\n`,
    });
    const result = await compile("x.image.ts", { cwd: directory, typecheck: false });
    const text = Buffer.from((result.artifact?.get("genpack.json5") as { data: Uint8Array }).data).toString("utf8");
    expect(text).toContain('setup_commands: ["echo base", "echo tls", "echo web", "echo db", "echo image"]');
  });

  it("refuses two layers that set different Portage profiles, naming both", async () => {
    const directory = project({
      "a.profile.ts": `import { defineProfile } from "genpack-ts";\nexport default defineProfile({ profile: "paravirt" });\n`,
      "x.image.ts": `import { defineImage } from "genpack-ts";\nimport a from "./a.profile.js";\nexport default defineImage({ extends: a, profile: "baremetal" });\n`,
    });
    const result = await compile("x.image.ts", { cwd: directory, typecheck: false });
    expect(result.ok).toBe(false);
    const [problem] = result.diagnostics;
    expect(problem).toMatchObject({ code: "GP3042", location: { file: join(directory, "x.image.ts"), start: { line: 3, column: 51 } } });
    expect(problem?.related?.[0]).toMatchObject({ file: join(directory, "a.profile.ts"), start: { line: 2, column: 41 } });
  });

  it("accepts layers that agree on the Portage profile", async () => {
    const directory = project({
      "a.profile.ts": `import { defineProfile } from "genpack-ts";\nexport default defineProfile({ profile: "paravirt" });\n`,
      "x.image.ts": `import { defineImage } from "genpack-ts";\nimport a from "./a.profile.js";\nexport default defineImage({ extends: a, profile: "paravirt" });\n`,
    });
    expect((await compile("x.image.ts", { cwd: directory, typecheck: false })).ok).toBe(true);
  });
});

describe("a blueprint's exports", () => {
  it("warn about an image exported besides the default one, at its defineImage call, and compile the default", async () => {
    const directory = project({
      "x.image.ts": `import { defineImage } from "genpack-ts";\nconst image = defineImage({ name: "x", packages: ["app-misc/screen"] });\nexport default image;\nexport { image as same };\nexport const debug = defineImage({ name: "x-debug", packages: ["dev-util/gdb"] });\n`,
    });
    const result = await compile("x.image.ts", { cwd: directory, typecheck: false });
    expect(result.ok).toBe(true);
    expect(result.name).toBe("x");
    const warnings = result.diagnostics.filter((diagnostic) => diagnostic.code === "GP2014");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: "warning", location: { file: join(directory, "x.image.ts"), start: { line: 5, column: 22 } } });
    expect(warnings[0]?.message).toContain("`debug`");
  });
});
