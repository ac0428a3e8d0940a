import type { Arch } from "./arch.js";

/**
 * A Portage profile of genpack-overlay, without the `genpack/<arch>/` prefix that genpack adds:
 * `profile: "paravirt"` on x86_64 selects `genpack-overlay:genpack/amd64/paravirt`.
 * Leaving `profile` out selects the bare arch profile (genpack/base only).
 *
 * - `paravirt`: virtual machines (QEMU guest agent, virtio).
 * - `systemimg`: bootable system images with genpack-install.
 * - `baremetal`: systemimg plus the hardware tool set.
 * - `weston/paravirt`: a Weston kiosk in a virtual machine (x86_64).
 * - `gnome/baremetal`: a GNOME desktop on hardware (x86_64).
 * - `raspberrypi`, `catalina`: boards (aarch64).
 */
export type PortageProfile =
  | "paravirt"
  | "systemimg"
  | "baremetal"
  | "weston/paravirt"
  | "gnome/baremetal"
  | "raspberrypi"
  | "catalina";

/** Every Portage profile name of genpack-overlay, for validation of values computed at run time. */
export const PORTAGE_PROFILES: readonly PortageProfile[] = [
  "paravirt",
  "systemimg",
  "baremetal",
  "weston/paravirt",
  "gnome/baremetal",
  "raspberrypi",
  "catalina",
];

/**
 * The arches each Portage profile exists for in genpack-overlay's profiles.desc; `""` stands for
 * no profile (the bare arch profile). There is no profile for x86 (i686) at all.
 */
export const PORTAGE_PROFILE_ARCHES: Readonly<Record<PortageProfile | "", readonly Arch[]>> = {
  "": ["x86_64", "aarch64", "riscv64"],
  paravirt: ["x86_64", "aarch64", "riscv64"],
  systemimg: ["x86_64", "aarch64"],
  baremetal: ["x86_64", "aarch64"],
  "weston/paravirt": ["x86_64"],
  "gnome/baremetal": ["x86_64"],
  raspberrypi: ["aarch64"],
  catalina: ["aarch64"],
};
