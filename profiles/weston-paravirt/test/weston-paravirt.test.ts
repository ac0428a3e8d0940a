import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-weston-paravirt", () => {
  it("selects the weston/paravirt Portage profile for x86_64 and refuses other arches", async () => {
    await expectProfile("weston-paravirt", {
      profile: "weston/paravirt",
      arches: ["x86_64"],
    });
  });
});
