import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-catalina", () => {
  it("selects the catalina Portage profile for aarch64 and refuses other arches", async () => {
    await expectProfile("catalina", {
      profile: "catalina",
      arches: ["aarch64"],
    });
  });
});
