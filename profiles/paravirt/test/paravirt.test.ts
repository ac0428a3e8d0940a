import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-paravirt", () => {
  it("selects the paravirt Portage profile for x86_64, aarch64, riscv64 and refuses other arches", async () => {
    await expectProfile("paravirt", {
      profile: "paravirt",
      arches: ["x86_64", "aarch64", "riscv64"],
    });
  });
});
