import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-gnome-baremetal", () => {
  it("selects the gnome/baremetal Portage profile for x86_64 and refuses other arches", async () => {
    await expectProfile("gnome-baremetal", {
      profile: "gnome/baremetal",
      arches: ["x86_64"],
    });
  });
});
