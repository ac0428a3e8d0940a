import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findBlueprints } from "../../../runtime/build/find-blueprints.js";
import { temporaryDirectory } from "../../helpers/temp.js";

const BLUEPRINT = `import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "x", profile: "paravirt" });\n`;

function write(root: string, path: string, text = BLUEPRINT): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe("the blueprints gp build --all finds", () => {
  it("are every *.image.ts below the folder, sorted, and nothing else", () => {
    const root = temporaryDirectory();
    write(root, "web/web.image.ts");
    write(root, "db/nested/db.image.ts");
    write(root, "app.image.js");
    write(root, "helper.ts", "export const x = 1;\n");
    write(root, "notes.image.md", "# not a module\n");
    const found = findBlueprints(root);
    expect(found).toEqual({ ok: true, root, blueprints: [join(root, "app.image.js"), join(root, "db/nested/db.image.ts"), join(root, "web/web.image.ts")] });
  });

  it("pass over node_modules, out, work and hidden folders", () => {
    const root = temporaryDirectory();
    write(root, "kept.image.ts");
    for (const folder of ["node_modules/pkg", "out/kept", "sub/work", ".git", "sub/.cache"]) write(root, `${folder}/ignored.image.ts`);
    const found = findBlueprints(root);
    expect(found.ok && found.blueprints).toEqual([join(root, "kept.image.ts")]);
  });

  it("do not include a directory or a FIFO named like a blueprint", () => {
    const root = temporaryDirectory();
    write(root, "real.image.ts");
    mkdirSync(join(root, "folder.image.ts"));
    execFileSync("mkfifo", [join(root, "pipe.image.ts")]);
    const found = findBlueprints(root);
    expect(found.ok && found.blueprints).toEqual([join(root, "real.image.ts")]);
  });

  it("never follow a link, and a link inside the folder adds no second copy", () => {
    const root = temporaryDirectory();
    write(root, "images/one.image.ts");
    symlinkSync(join(root, "images"), join(root, "again"));
    symlinkSync(join(root, "images/one.image.ts"), join(root, "alias.image.ts"));
    const found = findBlueprints(root);
    expect(found.ok && found.blueprints).toEqual([join(root, "images/one.image.ts")]);
  });

  it("are refused when a link leads out of the folder, naming the link and where it leads", () => {
    const root = temporaryDirectory();
    const elsewhere = temporaryDirectory();
    write(elsewhere, "outside.image.ts");
    write(root, "inside.image.ts");
    mkdirSync(join(root, "deep/er"), { recursive: true });
    symlinkSync(elsewhere, join(root, "deep/er/shared"));
    const found = findBlueprints(root);
    expect(found.ok).toBe(false);
    expect(!found.ok && found.diagnostics[0]).toMatchObject({ code: "GP1016", message: `${root} holds a link leading out of it: deep/er/shared -> ${elsewhere}.` });
  });

  it("are refused for an empty folder, a file and a missing path, each saying what is wrong", () => {
    const root = temporaryDirectory();
    write(root, "node_modules/pkg/hidden.image.ts");
    const empty = findBlueprints(root);
    expect(!empty.ok && empty.diagnostics[0]).toMatchObject({ code: "GP1015", message: expect.stringContaining(`${root} holds no blueprint (*.image.ts)`) });
    write(root, "file.image.ts");
    const file = findBlueprints(join(root, "file.image.ts"));
    expect(!file.ok && file.diagnostics[0]).toMatchObject({ code: "GP1015", message: `${join(root, "file.image.ts")} is not a folder that can be read.` });
    const missing = findBlueprints(join(root, "missing"));
    expect(!missing.ok && missing.diagnostics[0]).toMatchObject({ code: "GP1015", message: `${join(root, "missing")} does not exist.` });
  });

  it("reach a blueprint 300 folders down", () => {
    const root = temporaryDirectory();
    let path = root;
    for (let depth = 0; depth < 300; depth++) path = join(path, "d");
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, "deep.image.ts"), BLUEPRINT);
    const found = findBlueprints(root);
    expect(found.ok && found.blueprints).toEqual([join(path, "deep.image.ts")]);
  });
});
