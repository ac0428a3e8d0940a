import { writeFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { compile } from "../../../compiler/index.js";
import { temporaryDirectory } from "../../../test/helpers/temp.js";

describe("@genpack-ts/profile-paravirt", () => {
  it("selects genpack-overlay's paravirt Portage profile", async () => {
    const directory = temporaryDirectory();
    writeFileSync(
      join(directory, "vm.image.ts"),
      'import { defineImage } from "genpack-ts";\nimport paravirt from "@genpack-ts/profile-paravirt";\nexport default defineImage({ extends: paravirt });\n',
    );
    const result = await compile("vm.image.ts", { cwd: directory });
    expect(result.diagnostics).toEqual([]);
    const genpackJson = result.artifact?.get("genpack.json5");
    if (genpackJson?.kind !== "file") throw new Error("no genpack.json5");
    expect(JSON5.parse(Buffer.from(genpackJson.data).toString("utf8"))).toEqual({ name: "vm", profile: "paravirt" });
  });
});
