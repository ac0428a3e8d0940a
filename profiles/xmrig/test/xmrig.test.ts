import { describe, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-xmrig", () => {
  it("brings its settings and files to any image that extends it", async () => {
    await expectProfile("xmrig", {
      artifactPaths: ["files/build.d/xmrig.sh"],
    });
  });
});
