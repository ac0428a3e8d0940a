import { defineProfile, file } from "genpack-ts";

/**
 * SRS, the Simple Realtime Server (RTMP and SRT in, HLS out), from Gentoo's media-video/srs,
 * with a systemd unit (Gentoo ships an OpenRC script only), its runtime directories, and a
 * build script that makes it listen on IPv6 too. SRS uses the system ffmpeg: add
 * media-video/ffmpeg to the image if nothing else brings it. The unit is not enabled; add
 * `services: ["srs"]` to start it at boot.
 */
export default defineProfile({
  packages: ["media-video/srs"],
  acceptKeywords: { "media-video/srs": null },
  use: { "media-video/srs": "srt h265 threads" },
  files: {
    "/usr/lib/systemd/system/srs.service": file("./files/usr/lib/systemd/system/srs.service"),
    "/usr/lib/tmpfiles.d/srs.conf": file("./files/usr/lib/tmpfiles.d/srs.conf"),
  },
  buildScripts: { "srs-ipv6.sh": file("./files/build.d/srs-ipv6.sh") },
});
