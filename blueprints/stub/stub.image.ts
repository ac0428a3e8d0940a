// Left out from the original artifact: the distribution installer scripts in /root
// (debian12.sh, ubuntu2404.sh, almalinux9.sh, gentoo.sh and 12 more, about 1-3 KB each) and
// /usr/lib/genpack-init/00kexec.py (5.5 KB), the boot plugin that kexecs into the installed
// system: too large to rewrite here, and an installer is of no use without that plugin.
import { defineImage, file } from "genpack-ts";
import paravirt from "@genpack-ts/profile-paravirt";

export default defineImage({
  name: "stub",
  extends: paravirt,
  compression: "xz",
  packages: [
    "sys-kernel/gentoo-kernel", // built from source; slimmed via kernel/config.d/unset.config (blacklist)
    "sys-apps/kexec-tools",
    "dev-util/debootstrap",
    "sys-fs/cryptsetup",
    "dev-util/rpmbootstrap",
    "sys-devel/binutils",
  ],
  binpkgExcludes: ["sys-kernel/gentoo-kernel"],
  acceptKeywords: {
    "dev-util/debootstrap": null,
  },
  use: {
    "app-arch/rpm": "lzma lua caps",
    "sys-kernel/dracut-genpack": "transient",
    "sys-apps/kexec-tools": "lzma zstd",
  },
  arch: {
    aarch64: {
      acceptKeywords: {
        "app-emulation/qemu-guest-agent": null,
        "app-admin/eclean-kernel": null,
        "dev-python/pymountboot": null,
      },
    },
  },
  buildScripts: {
    "autologin.sh": file("./files/build.d/autologin.sh"),
    "build-llmnrd.sh": file("./files/build.d/build-llmnrd.sh"),
  },
  kernelConfig: {
    "unset.config": file("./kernel/config.d/unset.config"),
    "vsock.config": file("./kernel/config.d/vsock.config"),
  },
});
// vm allocate distroname.img 8
// vm run -d distroname.img stub-$(uname -m).squashfs
