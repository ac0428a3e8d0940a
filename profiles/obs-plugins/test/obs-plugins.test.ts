import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-obs-plugins", () => {
  it("brings its settings and files to any image that extends it", async () => {
    await expectProfile("obs-plugins", {
      resolution: (resolution) => {
        expect(resolution.portageFiles["etc/portage/sets/genpack-runtime"].split("\n")).toEqual(expect.arrayContaining(["media-video/obs-studio"]));
      },
      artifactPaths: ["files/build.d/waveform.sh", "files/build.d/distroav.sh", "files/build.d/obs-multi-rtmp.sh", "files/build.d/advanced-scene-switcher.sh"],
    });
  });
});
