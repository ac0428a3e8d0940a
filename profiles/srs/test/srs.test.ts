import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-srs", () => {
  it("brings its settings and files to any image that extends it", async () => {
    await expectProfile("srs", {
      resolution: (resolution) => {
        expect(resolution.portageFiles["etc/portage/sets/genpack-runtime"].split("\n")).toEqual(expect.arrayContaining(["media-video/srs"]));
      },
      artifactPaths: ["files/usr/lib/systemd/system/srs.service", "files/usr/lib/tmpfiles.d/srs.conf", "files/build.d/srs-ipv6.sh"],
    });
  });
});
