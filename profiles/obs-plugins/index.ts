import { defineProfile, file } from "genpack-ts";

/**
 * OBS Studio, and four plugins that Portage does not package, installed from their GitHub
 * releases at build time (x86_64 only): waveform, DistroAV, obs-multi-rtmp and Advanced Scene
 * Switcher. Plugins Portage has (such as media-plugins/obs-pipewire-audio-capture) go into the
 * image's `packages`.
 */
export default defineProfile({
  packages: [
    "media-video/obs-studio",
    // obs-studio's build needs it (https://bugs.gentoo.org/959751).
    "kde-frameworks/extra-cmake-modules",
  ],
  // Unpacks the plugins' .deb releases.
  buildtimePackages: ["app-arch/deb2targz"],
  acceptKeywords: {
    "media-video/obs-studio": null,
    "net-libs/mbedtls": null,
    "dev-libs/qr-code-generator": null,
  },
  // nvenc and qsv are NVIDIA's and Intel's hardware encoders.
  use: { "media-video/obs-studio": "browser pipewire python v4l vlc websocket nvenc qsv" },
  buildScripts: {
    "waveform.sh": file("./files/build.d/waveform.sh"),
    "distroav.sh": file("./files/build.d/distroav.sh"),
    "obs-multi-rtmp.sh": file("./files/build.d/obs-multi-rtmp.sh"),
    "advanced-scene-switcher.sh": file("./files/build.d/advanced-scene-switcher.sh"),
  },
});
