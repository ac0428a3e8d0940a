import { readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../../runtime/inputs/atomic-write.js";
import { temporaryDirectory } from "../../helpers/temp.js";

describe("the atomic writer", () => {
  it("replaces a file by default", async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "out");
    writeFileSync(file, "old");
    await writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(readdirSync(directory)).toEqual(["out"]);
  });

  it("with replace: false, writes where nothing stands and refuses a file or a link that does, leaving it and no temporary file", async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "out");
    await writeFileAtomic(file, "first", { replace: false });
    expect(readFileSync(file, "utf8")).toBe("first");
    await expect(writeFileAtomic(file, "second", { replace: false })).rejects.toMatchObject({ code: "EEXIST" });
    expect(readFileSync(file, "utf8")).toBe("first");
    const victim = join(directory, "victim");
    writeFileSync(victim, "keep");
    symlinkSync(victim, join(directory, "link"));
    await expect(writeFileAtomic(join(directory, "link"), "through", { replace: false })).rejects.toMatchObject({ code: "EEXIST" });
    expect(readFileSync(victim, "utf8")).toBe("keep");
    expect(readdirSync(directory).sort()).toEqual(["link", "out", "victim"]);
  });
});
