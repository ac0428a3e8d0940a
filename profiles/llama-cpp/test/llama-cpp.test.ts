import { describe, expect, it } from "vitest";
import { expectProfile } from "../../../test/helpers/profiles.js";

describe("@genpack-ts/profile-llama-cpp", () => {
  it("brings its settings and files to any image that extends it", async () => {
    await expectProfile("llama-cpp", {
      arches: ["x86_64"],
      resolution: (resolution) => {
        expect(resolution.portageFiles["etc/portage/sets/genpack-runtime"].split("\n")).toEqual(expect.arrayContaining(["sci-ml/llama-cpp"]));
      },
      artifactPaths: ["overlay/sci-ml/llama-cpp/llama-cpp-0_p9354.ebuild"],
    });
  });
});
