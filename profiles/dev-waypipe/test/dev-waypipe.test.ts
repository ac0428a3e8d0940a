import { describe, expect, it } from "vitest";
import { expectProfile, resolvePlain } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-dev-waypipe", () => {
  it("brings its settings and files to any image that extends it", async () => {
    await expectProfile("dev-waypipe", {
      artifactPaths: [],
    });
  });

  it("adds the dev variant", async () => {
    const result = await resolvePlain("dev-waypipe", "dev");
    expect(result.portageFiles["etc/portage/sets/genpack-runtime"]).toContain("genpack/devlauncher");
    expect(result.portageFiles["etc/portage/package.license/genpack"]).toContain("www-client/google-chrome google-chrome");
  });
});
