import { defineProfile } from "genpack-ts";

/**
 * A `dev` variant for development over SSH: genpack/devlauncher starts the development tools at
 * login, and waypipe forwards their windows to the machine you connect from.
 *
 * genpack itself reads `circulardep_breaker` only at the top level; if the dev variant's
 * packages meet the freetype/harfbuzz cycle when built from source, set
 * `circulardepBreaker: { packages: ["media-libs/freetype", "media-libs/harfbuzz"], use: "-harfbuzz -truetype" }`
 * in the image.
 */
export default defineProfile({
  variants: {
    dev: {
      packages: ["genpack/devlauncher"],
      use: {
        "app-editors/vscode": "wayland",
        "dev-util/claude-code": "CPU_FLAGS_X86: avx avx2",
        "gui-libs/gtk": "wayland",
        "x11-libs/gtk+": "wayland",
        "media-libs/mesa": "vulkan wayland",
        // Google Chrome needs X support in cairo and libglvnd, even on Wayland.
        "x11-libs/cairo": "X",
        "media-libs/libglvnd": "X",
        "media-libs/freetype": "harfbuzz",
        "app-crypt/gcr": "gtk",
        "app-text/poppler": "cairo",
        "gui-apps/waypipe": "lz4 zstd",
      },
      license: {
        "www-client/google-chrome": "google-chrome",
        "dev-util/claude-code": "all-rights-reserved",
        "app-editors/vscode": "Microsoft-vscode",
      },
    },
  },
});
