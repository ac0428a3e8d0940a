import { defineImage } from "genpack-ts";
import westonParavirt from "@genpack-ts/profile-weston-paravirt";

export default defineImage({
  name: "weston",
  extends: westonParavirt,
  circulardepBreaker: {
    packages: ["media-libs/freetype", "media-libs/harfbuzz"],
    use: "-truetype -harfbuzz",
  },
  packages: [
    "app-i18n/fcitx-configtool", // input method config tool
    "www-client/google-chrome", // web browser
    "app-editors/vscode", // code editor
    "x11-terms/ghostty", // terminal emulator
    "app-editors/gnome-text-editor", // text editor
    "media-gfx/gimp", // image editor
    "mail-client/evolution", // email client
    "app-office/libreoffice", // office suite
    "gnome-base/nautilus", // file manager
    "app-text/papers", // document viewer
    "media-gfx/eog", // image viewer
    "media-video/vlc", // video player, QT_IM_MODULES=fcitx is needed to use IM
    "media-sound/rhythmbox", // music player /usr/share/icons/hicolor/scalable/apps/org.gnome.Rhythmbox3.svg
    "media-plugins/gst-plugins-meta", // audio/video codec plugins
    "net-misc/remmina", // remote desktop client
    "net-analyzer/wireshark", // network protocol analyzer
    "media-gfx/inkscape", // vector graphics editor(DOES NOT WORK WELL IN WESTON)
    "gnome-extra/gnome-system-monitor", // system monitor
    "app-crypt/seahorse", // keyring manager
  ],
  license: {
    "www-client/google-chrome": "google-chrome",
    "app-editors/vscode": "Microsoft-vscode",
  },
  users: [
    {
      name: "user",
      uid: 1000,
      additionalGroups: ["wheel", "pcap"],
      emptyPassword: true,
    },
  ],
});
