import { defineImage, directory, file } from "genpack-ts";
import baremetal from "@genpack-ts/profile-baremetal";

// Camera / media edge box (V4L, RTMP, RTSP restream).
// Left out: /usr/bin/v4l2rtmp of the original, a 15 kB Python tool that picks a V4L2 capture
// format and pushes it to RTMP with ffmpeg; it is too large to rewrite here.
export default defineImage({
  name: "camera",
  extends: baremetal,
  compression: "xz",
  buildtimePackages: ["dev-python/pip"],
  packages: [
    "genpack/wireless", // use system.ini to configure wifi connection
    "app-misc/screen",
    "media-video/mpv",
    "sys-fs/exfatprogs",
    //"media-video/v4l2loopback", // not compatible with Linux 6.18
    "media-sound/alsa-utils",
    "media-video/libva-utils",
    "media-libs/libva-intel-driver",
    "media-libs/vpl-gpu-rt",
    "media-libs/intel-hybrid-codec-driver",
    "x11-apps/igt-gpu-tools",
    "dev-libs/weston",
    "gui-apps/waypipe",
    "app-misc/radeontop",
    "app-misc/status-beep",
    "www-servers/nginx",
    //        "media-video/mjpg-streamer", // waiting for https://github.com/gentoo/gentoo/pull/41269 to be merged
    "media-libs/libjpeg-turbo", // so, this has to be pulled manually till then
    // srs: 公式ツリーの media-video/srs を採用 (旧 files/build.d/srs.sh を置換)。
    // ビルドは Portage 側で完結し binpkg キャッシュが効く。バイナリは /usr/bin/srs-media。
    // ref: srs/genpack.json5
    "media-video/srs",
    "media-video/motion",
    "media-fonts/noto-cjk",
    "media-fonts/noto-emoji",
    "media-video/obs-studio",
    "net-misc/networkmanager",
    "net-dns/doggo",
    "dev-python/aiohttp",
    "dev-python/ffmpeg-python",
    "dev-python/pillow",
    "dev-python/evdev", // HID
    "dev-vcs/git",
    "net-analyzer/zabbix",
    "sys-apps/is-keyboard-plugged", // https://github.com/shimarin/is-keyboard-plugged
    // object recognition
    "dev-python/coloredlogs",
    "dev-python/flatbuffers",
    "dev-python/protobuf",
    "dev-python/sympy",
    "dev-python/numpy",
  ],
  acceptKeywords: {
    // always use the latest stable kernel
    "<sys-kernel/gentoo-kernel-bin-7": null, // >=7.0 masked because of RTL8723BS regression caused by cleanups
    "virtual/dist-kernel": null, // for gentoo-kernel-bin
    "sys-kernel/linux-firmware": null,
    "x11-apps/igt-gpu-tools": null,
    "media-libs/vpl-gpu-rt": null,
    "media-libs/libva-intel-media-driver": null,
    "media-libs/gmmlib": null,
    "media-video/v4l2loopback": null,
    "media-video/mjpg-streamer": null,
    "media-video/motion": null,
    "media-video/obs-studio": null,
    "media-video/srs": null, // ~amd64 (今月ツリー入り)
  },
  use: {
    "media-libs/libva": "wayland",
    "media-video/mpv": "-X wayland vulkan nvenc vaapi",
    "media-video/motion": "alsa",
    "media-video/srs": "srt h265 threads", // SRT取込 + H.265 + マルチスレッド
    "media-video/v4l2loopback": "dist-kernel",
    "media-video/ffmpeg": "v4l x264 x265 opus lame srt vaapi qsv nvenc alsa",
    "media-libs/mesa": "vaapi -X wayland vulkan VIDEO_CARDS: virgl",
    "media-libs/vulkan-loader": "wayland",
    "media-libs/libglvnd": "X", // for media-video/obs-studio
    "x11-libs/libdrm": "tools",
    "x11-libs/libxkbcommon": "X", // for media-video/obs-studio
    "dev-qt/qtbase": "vulkan opengl wayland", // for media-video/obs-studio[wayland]
    "dev-qt/qttools": "opengl", // for dev-qt/qtbase[opengl]
    "media-libs/freetype": "harfbuzz", // for media-video/obs-studio[browser]
    "media-video/obs-studio": "browser lua nvenc python qsv truetype v4l wayland websocket",
    "media-libs/opencv": "features2d avif contrib contribdnn gif gstreamer jpeg opencl opengl png python qt6 tiff truetype vaapi vulkan webp CPU_FLAGS_X86: popcnt sse3 sse4_1 sse4_2 ssse3", // wayland flag removed because of lack of dependency wayland-scanner
    "dev-libs/weston": "kiosk",
    "gui-apps/waypipe": "dmabuf ffmpeg lz4 systemtap vaapi zstd CPU_FLAGS_X86: sse3",
    "sys-auth/seatd": "server",
    "app-misc/mime-types": "nginx",
    "net-wireless/wpa_supplicant": "dbus", // networkmanager[wifi] needs this
    "net-analyzer/zabbix": "sqlite agent proxy curl snmp -postgres",
    "net-analyzer/fping": "suid",
  },
  license: {
    "sys-kernel/linux-firmware": "linux-fw-redistributable",
    "media-libs/libva-intel-media-driver": "no-source-code",
    "net-analyzer/fping": "fping",
  },
  users: [
    {
      name: "user",
      uid: 1000,
      emptyPassword: true,
      additionalGroups: ["audio", "video", "render", "usb"],
    },
  ],
  setupCommands: ["pip install --break-system-packages onnxruntime"],
  // srs / go2rtc は自動起動せず (unit は同梱、インスタンスごとに任意で enable)
  services: ["status-beep"],
  files: {
    "/etc": directory("./files/etc"),
    "/usr": directory("./files/usr"), // includes /usr/bin/restart-unless-ok
  },
  buildScripts: {
    "ed25519-only.sh": file("./files/build.d/ed25519-only.sh"),
    "go2rtc.sh": file("./files/build.d/go2rtc.sh"), // go2rtc binary for go2rtc.service
    "srs-ipv6.sh": file("./files/build.d/srs-ipv6.sh"),
    "xmrig.sh": file("./files/build.d/xmrig.sh"),
  },
});
