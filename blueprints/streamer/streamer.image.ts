// Left out from the original artifact: files/usr/share/icons/xmrig.png, a binary icon, and
// patches/x11-wm/mutter/fix_sync_fd_leak.patch, a backport of a fix that mutter 47.10 and later
// contain (upstream commit 74f27771, "screen-cast-stream-src: Fix sync_fd leak").
import { defineImage, directory, file } from "genpack-ts";
import gnomeBaremetal from "@genpack-ts/profile-gnome-baremetal";

export default defineImage({
  name: "streamer",
  extends: gnomeBaremetal,
  compression: "xz",
  packages: [
    "app-emulation/spice-vdagent",
    "net-wireless/iw",
    "app-i18n/mozc",
    "media-fonts/aquafont",
    "media-sound/pavucontrol",
    "media-video/libva-utils",
    "media-video/vlc",
    "net-misc/spice-gtk",
    "dev-util/glib-utils", // virt-viewer needs /usr/bin/glib-mkenums
    "app-admin/sudo",
    "net-misc/remmina",
    "net-misc/iperf",
    "app-misc/screen",
    "media-gfx/gimp",
    "dev-vcs/git",
    "sys-auth/rtkit",
    "www-servers/apache",
    "dev-lang/php",
    "app-crypt/private-ca-tool",
    "media-gfx/inkscape",
    "app-misc/radeontop",
    "dev-libs/rocm-opencl-runtime",
    "dev-util/clinfo",
    "dev-python/pyqt6-webengine",
    "dev-util/vulkan-tools",
    "net-analyzer/zabbix",
    "net-analyzer/iftop",
    "net-im/discord",
    "gnome-extra/gnome-browser-connector",
    "x11-drivers/nvidia-drivers",
    "media-libs/nvidia-vaapi-driver",
    "media-libs/libva-intel-media-driver",
    "media-libs/vpl-gpu-rt",
    "media-libs/libvpl-tools",
    "x11-apps/igt-gpu-tools",
    "sys-process/nvtop",
    "gui-apps/wl-clipboard",
    "www-client/google-chrome",
    "net-ftp/filezilla",
    "media-video/obs-studio",
    "media-plugins/obs-pipewire-audio-capture",
    "media-plugins/obs-source-record",
    "media-plugins/obs-3d-effect",
    "media-plugins/obs-scale-to-sound",
    "media-plugins/obs-composite-blur",
    "media-sound/audacious",
    "dev-python/magic-wormhole",
    "dev-python/pip", // for liveapp
    "dev-python/qrcode", // for liveapp
    "dev-python/beautifulsoup4", // for liveapp
    "dev-python/aiohttp", // for liveapp(discord)
    "dev-python/audioop-lts", // for liveapp(discord)
    "app-misc/mosquitto",
    "dev-python/websocket-client", // for market-streamer
    "dev-python/paho-mqtt", // for market-streamer
    "net-libs/paho-mqtt-c", // for market-streamer
    "media-libs/opencv", // for market-streamer
    "media-gfx/cairosvg", // for market-streamer
    "net-dns/avahi",
    "=sys-fs/fuse-2.9.9-r2", // for voicevox
    "app-arch/p7zip", // for voicevox
    "app-editors/vscode",
    // for obs-studio(https://bugs.gentoo.org/959751)
    "kde-frameworks/extra-cmake-modules",
    // srs
    "net-libs/libsrtp",
    "net-libs/srt",
    "media-video/ffmpeg-compat",
  ],
  binpkgExcludes: ["media-video/obs-studio"],
  buildtimePackages: [
    "dev-build/automake",
    "dev-lang/tcl", // for srs
    "dev-build/cmake", // for srs
    "app-arch/deb2targz", // for obs plugins
  ],
  circulardepBreaker: {
    packages: [
      "dev-python/pillow",
      "media-libs/freetype",
      "media-libs/harfbuzz",
      "dev-libs/glib",
      "dev-util/wayland-scanner",
    ],
    use: "-truetype -harfbuzz -cairo -sysprof",
  },
  acceptKeywords: {
    "sys-kernel/gentoo-kernel-bin": null, // Linux 6.12(LTS) does not work with RTL8852CE properly
    "virtual/dist-kernel": null, // for gentoo-kernel-bin
    "sys-kernel/linux-firmware": null, // latest firmware helps working with newer hardware
    //"app-i18n/mozc": null,
    //"dev-cpp/abseil-cpp": null, // for abseil-cpp-20250512.0 mozc needs
    "dev-util/clinfo": null,
    "dev-util/glslang": null, // for glslang-1.4.313.0
    "x11-drivers/nvidia-drivers": null, // latest nvidia-drivers
    "media-libs/nvidia-vaapi-driver": null,
    "media-libs/vpl-gpu-rt": null,
    "media-libs/libvpl-tools": null, // because libvpl-tools-1.3.0 fails to build
    "x11-apps/igt-gpu-tools": null,
    "net-misc/gnome-remote-desktop": null, // for gnome-remote-desktop-48(vaapi support)
    // obs-studio
    "media-video/obs-studio": null,
    "net-libs/mbedtls": null,
    "dev-libs/qr-code-generator": null,
    "media-plugins/obs-pipewire-audio-capture": null,
    "media-plugins/obs-source-record": null,
    "media-plugins/obs-3d-effect": null,
    "media-plugins/obs-scale-to-sound": null,
    "media-plugins/obs-composite-blur": null,
    // ROCm
    "dev-libs/rocm-opencl-runtime": null,
    "dev-libs/rocr-runtime": null,
    "dev-libs/rocm-comgr": null,
    "dev-libs/rocm-device-libs": null,
    "dev-build/rocm-cmake": null,
    "dev-util/hipcc": null,
    "dev-libs/roct-thunk-interface": null,
    // freerdp
    "net-misc/freerdp": null,
    "media-libs/libsdl3": null,
    "media-libs/sdl3-ttf": null,
    "media-libs/plutosvg": null,
    "media-libs/plutovg": null,
    // latest gimp
    "media-gfx/gimp": null,
    "media-libs/babl": null,
    "media-libs/gegl": null,
  },
  use: {
    //"sys-apps/systemd": "policykit",
    "app-i18n/mozc": "ibus renderer",
    "sys-libs/zlib": "minizip",
    "media-fonts/noto": "cjk",
    "media-libs/mesa": "vulkan vaapi VIDEO_CARDS: lavapipe virgl zink",
    "x11-apps/mesa-progs": "X gles2 vulkan",
    "media-video/pipewire": "gsettings echo-cancel ffmpeg extra sound-server",
    "media-video/ffmpeg": "amf v4l x264 x265 opus srt vaapi nvenc qsv opencl CPU_FLAGS_X86: avx avx2 fma3 fma4 sse3 sse4_1 sse4_2 ssse3",
    "media-video/vlc": "x265 pulseaudio opus v4l vaapi",
    "media-video/obs-studio": "browser pipewire python v4l vlc websocket nvenc qsv",
    "media-libs/gst-plugins-bad": "vaapi vnc",
    "media-plugins/gst-plugins-meta": "ffmpeg v4l vaapi",
    "sys-process/nvtop": "VIDEO_CARDS: nvidia",
    "gnome-base/gnome-shell": "pipewire",
    "net-misc/spice-gtk": "lz4 mjpeg",
    "net-misc/freerdp": "server",
    "x11-wm/mutter": "screencast VIDEO_CARDS: nvidia",
    "media-libs/freetype": "harfbuzz",
    "dev-libs/libdbusmenu": "gtk3",
    "net-analyzer/zabbix": "-postgres",
    "media-libs/opencv": "python opencl CPU_FLAGS_X86: avx avx2 f16c fma3 popcnt sse3 sse4_1 sse4_2 ssse3",
    "www-servers/apache": "APACHE2_MODULES: http2 proxy proxy_connect proxy_http remoteip",
    "dev-lang/php": "apache2 bcmath truetype xmlreader gd sysvipc sockets xmlwriter mysqli fpm gd mysql xslt zip pdo pcntl sysvipc curl sqlite sharedmem tidy exif -cjk intl ldap ftp gmp imap",
    "app-eselect/eselect-php": "fpm apache2",
    "dev-python/pyqt6": "multimedia positioning websockets webchannel",
    "net-misc/remmina": "rdp vnc spice wayland",
    "media-libs/libcanberra": "alsa", // for mutter
    "net-im/discord": "-wayland", // for japanese input method
    // gimp
    "media-libs/gegl": "cairo ffmpeg sdl2 v4l webp",
    "app-text/poppler": "cairo cjk",
    // qtwebengine
    "dev-qt/qtwebengine": "screencast vaapi webdriver",
    "dev-libs/libxml2": "icu",
    // gnome
    "media-libs/libmediaart": "gtk -qt6",
    // inkscape
    "dev-python/pillow": "webp",
  },
  license: {
    "sys-kernel/linux-firmware": "linux-fw-redistributable",
    "www-client/google-chrome": "google-chrome",
    "net-im/discord": "all-rights-reserved",
    "media-video/amdgpu-pro-amf": "AMD-GPU-PRO-EULA", // for ffmpeg[amf]
    "x11-drivers/nvidia-drivers": "NVIDIA-2025",
    "media-libs/libva-intel-media-driver": "no-source-code",
    "app-editors/vscode": "Microsoft-vscode",
    "media-fonts/aquafont": "aquafont",
  },
  users: [
    {
      name: "streamer",
      uid: 1000,
      emptyPassword: true,
      additionalGroups: ["wheel", "audio", "video", "input", "usb", "kvm"],
    },
  ],
  services: ["gdm", "NetworkManager", "bluetooth", "mosquitto", "apache2", "avahi-daemon"],
  files: {
    "/etc": directory("./files/etc"),
    "/usr": directory("./files/usr"),
  },
  buildScripts: {
    "apache-enable-php.sh": file("./files/build.d/apache-enable-php.sh"),
    "apache-enable-userdir.sh": file("./files/build.d/apache-enable-userdir.sh"),
    "dont-set-lang.sh": file("./files/build.d/dont-set-lang.sh"),
    "enable-noto-cjk.sh": file("./files/build.d/enable-noto-cjk.sh"),
    "enable-pipewire-for-all-users.sh": file("./files/build.d/enable-pipewire-for-all-users.sh"),
    "ndi-sdk.sh": file("./files/build.d/ndi-sdk.sh"),
    "obs-studio-plugins.sh": file("./files/build.d/obs-studio-plugins.sh"),
    "srs.sh": file("./files/build.d/srs.sh"),
    "xmrig.sh": file("./files/build.d/xmrig.sh"),
  },
  userBuildScripts: {
    streamer: {
      "generate-readme.sh": file("./files/build.d/streamer/generate-readme.sh"),
    },
  },
  patches: {
    "media-video/obs-studio": {
      "obs_disable_wl_sync.patch": file("./patches/media-video/obs-studio/obs_disable_wl_sync.patch"),
    },
  },
});
// vm run --memory=16384 --display=gtk --accel=opengl --hostfwd=tcp::3391-:3389 streamer-x86_64.squashfs
