import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-bcachefs", () => {
  it("brings its settings and files to any image that extends it", async () => {
    await expectProfile("bcachefs", {
      resolution: (resolution) => {
        expect(resolution.portageFiles["etc/portage/sets/genpack-runtime"].split("\n")).toEqual(expect.arrayContaining(["sys-kernel/gentoo-kernel", "sys-fs/bcachefs-tools"]));
      },
      artifactPaths: ["kernel/config.d/bcachefs.config"],
    });
  });
});
