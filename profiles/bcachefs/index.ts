import { defineProfile, file } from "genpack-ts";

/**
 * bcachefs, which Linux 6.18 dropped from the tree: sys-fs/bcachefs-tools builds its kernel
 * module out of tree, against a kernel built from source with Rust support (gentoo-kernel, not
 * the prebuilt gentoo-kernel-bin, which is masked here).
 */
export default defineProfile({
  packages: ["sys-kernel/gentoo-kernel", "sys-fs/bcachefs-tools"],
  // rustc and bindgen build the kernel's Rust support and the module; the image needs neither.
  buildtimePackages: ["dev-lang/rust-bin", "dev-util/bindgen"],
  // Built against this image's own kernel and configuration, so never shared as binary packages.
  binpkgExcludes: ["sys-kernel/gentoo-kernel", "sys-fs/bcachefs-tools"],
  mask: ["sys-kernel/gentoo-kernel-bin"],
  acceptKeywords: {
    "sys-kernel/gentoo-kernel": null,
    "virtual/dist-kernel": null,
    "sys-fs/bcachefs-tools": null,
  },
  // The kernel's Rust build reads the standard library's sources.
  use: { "dev-lang/rust-bin": "rust-src" },
  kernelConfig: { "bcachefs.config": file("./kernel/config.d/bcachefs.config") },
});
