import { describe, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-occ", () => {
  it("brings its settings and files to any image that extends it", async () => {
    await expectProfile("occ", {
      artifactPaths: ["files/build.d/occ.sh"],
    });
  });
});
