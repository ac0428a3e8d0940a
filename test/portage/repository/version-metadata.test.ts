import { describe, expect, it } from "vitest";
import type { CatalogVariable } from "../../../portage/repository/ebuild-assignments.js";
import { versionMetadataOf } from "../../../portage/repository/version-metadata.js";

const of = (values: Partial<Record<CatalogVariable, string>>) => versionMetadataOf("1.0-r1", (variable) => values[variable]);

describe("one version's metadata", () => {
  it("strips IUSE defaults and keeps USE_EXPAND flags as flags", () => {
    expect(of({ IUSE: "+ssl -doc python_targets_python3_12 video_cards_intel" }).metadata.flags).toEqual(["ssl", "doc", "python_targets_python3_12", "video_cards_intel"]);
  });

  it("takes the main slot and the license names of LICENSE", () => {
    const { metadata } = of({ SLOT: "3/3.2", LICENSE: "|| ( MIT GPL-2+ ) ssl? ( openssl ) ( BSD )" });
    expect(metadata.slot).toBe("3");
    expect(metadata.licenses).toEqual(["MIT", "GPL-2+", "openssl", "BSD"]);
  });

  it("keeps every keyword as written", () => {
    expect(of({ KEYWORDS: "-* amd64 ~arm64" }).metadata.keywords).toEqual(["-*", "amd64", "~arm64"]);
  });

  it("leaves out and names tokens that are no flag or keyword", () => {
    const { metadata, rejected } = of({ IUSE: "ok bad!flag", KEYWORDS: "amd64 ~~x" });
    expect(metadata.flags).toEqual(["ok"]);
    expect(rejected).toEqual([
      { variable: "IUSE", token: "bad!flag" },
      { variable: "KEYWORDS", token: "~~x" },
    ]);
  });

  it("has no slot, flags or description when the variables are missing", () => {
    expect(of({}).metadata).toEqual({ version: "1.0-r1", flags: [], keywords: [], slot: undefined, licenses: [], description: "" });
  });
});
