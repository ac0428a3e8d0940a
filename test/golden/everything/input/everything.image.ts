import { defineImage, directory, file, remove, text } from "genpack-ts";
import db from "./profiles/db.profile.js";
import web from "./profiles/web.profile.js";

export default defineImage({
  name: "everything",
  extends: [web, db],
  profile: "baremetal",
  compression: "xz",
  buildtimePackagesFirst: true,
  packages: ["www-apps/nextcloud", ">=dev-lang/php-8.2", remove("app-editors/nano")],
  buildtimePackages: ["dev-build/autoconf"],
  binpkgExcludes: "sys-kernel/gentoo-kernel",
  acceptKeywords: { "net-vpn/frp": null, "dev-util/bar": ["~amd64", "~arm64"], "*/*": "~amd64" },
  use: {
    "dev-lang/php": "apache2 fpm mysql -postgres",
    "media-libs/mesa": ["vaapi", "-X", { VIDEO_CARDS: ["virgl", "zink"] }],
    "sys-boot/grub": { GRUB_PLATFORMS: ["pc", "efi-32"] },
  },
  mask: [">=dev-lang/python-3.15"],
  license: { "sys-kernel/linux-firmware": "linux-fw-redistributable", "dev-db/redis": ["SSPL-1"] },
  env: { "media-libs/mesa": "debug.conf" },
  envFiles: { "debug.conf": 'FEATURES="${FEATURES} splitdebug"\nCFLAGS="-O2 -ggdb3"\n' },
  users: [
    { name: "nextcloud", uid: 1000, comment: "Nextcloud", home: "/var/lib/nextcloud", shell: "/bin/sh", initialGroup: "www", additionalGroups: ["wheel", "video"], createHome: false, emptyPassword: true },
  ],
  groups: [{ name: "pcap", gid: 900 }],
  services: ["redis"],
  setupCommands: ["sed -i 's/-D SSL //' /etc/conf.d/apache2", "echo '*/5 * * * * php -f /var/www/cron.php' | crontab -u apache -"],
  lowerLayerCapacity: 64,
  independentBinpkgs: true,
  circulardepBreaker: { packages: ["media-libs/freetype", "media-libs/harfbuzz"], use: "-harfbuzz -truetype" },
  arch: {
    x86_64: {
      packages: ["sys-apps/memtest86-bin", remove("app-misc/screen")],
      kernelConfig: { "zz-x86.config": "CONFIG_X86_MSR=y\n" },
    },
    "x86_64|aarch64": { setupCommands: ["true"], services: ["qemu-guest-agent"] },
  },
  variants: {
    debug: {
      packages: ["dev-util/strace"],
      users: [{ name: "debugger" }],
      arch: { aarch64: { use: { "dev-util/gdb": "python" } } },
    },
    "31": {},
  },
  defaultVariant: "debug",
  files: {
    "/": directory("./rootfs"),
    "/etc/motd": "everything motd\n",
    "/etc/app.conf": file("./app.conf"),
    "/usr/bin/hello": text("#!/bin/sh\necho hello\n", { mode: 0o755 }),
    "/etc/secret": text("s3cret\n", { mode: 0o600 }),
  },
  buildScripts: {
    "10-setup.sh": "echo setup\n",
    "20-native": "#!/bin/sh\necho native\n",
    "30-copy.py": file("./copy.py"),
  },
  userBuildScripts: { nextcloud: { "occ.sh": "php occ maintenance:install\n" } },
  kernelConfig: { "vsock.config": "CONFIG_VSOCKETS=y\nCONFIG_VIRTIO_VSOCKETS=y\n" },
  savedconfig: { "sys-kernel/linux-firmware": file("./savedconfig/linux-firmware") },
  patches: {
    "x11-wm/mutter": { "fix-leak.patch": "--- a/x\n+++ b/x\n" },
    "media-video/obs-studio": directory("./obs-patches"),
  },
});
