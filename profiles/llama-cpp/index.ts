import { defineProfile, directory } from "genpack-ts";

/**
 * llama.cpp with its Vulkan backend, from a pinned release packaged in this profile's own
 * ebuild (sci-ml/llama-cpp). Intel, AMD and software (lavapipe) Vulkan drivers come from Mesa;
 * NVIDIA machines get theirs from x11-drivers/nvidia-drivers. Set VIDEO_CARDS in the image.
 */
export default defineProfile({
  // The ebuild is keyworded for amd64 only.
  arches: ["x86_64"],
  packages: ["sci-ml/llama-cpp"],
  use: { "media-libs/mesa": "vulkan" },
  overlay: directory("./overlay"),
});
