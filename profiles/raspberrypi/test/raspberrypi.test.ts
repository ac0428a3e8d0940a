import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-raspberrypi", () => {
  it("selects the raspberrypi Portage profile for aarch64 and refuses other arches", async () => {
    await expectProfile("raspberrypi", {
      profile: "raspberrypi",
      arches: ["aarch64"],
    });
  });
});
