import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-systemimg", () => {
  it("selects the systemimg Portage profile for x86_64, aarch64 and refuses other arches", async () => {
    await expectProfile("systemimg", {
      profile: "systemimg",
      arches: ["x86_64", "aarch64"],
    });
  });
});
