import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-baremetal", () => {
  it("selects the baremetal Portage profile for x86_64, aarch64 and refuses other arches", async () => {
    await expectProfile("baremetal", {
      profile: "baremetal",
      arches: ["x86_64", "aarch64"],
    });
  });
});
