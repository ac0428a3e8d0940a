import { defineProfile, genpackOverlaySettings } from "genpack-ts";

/**
 * Images that run as virtual machines under QEMU: the QEMU guest agent, virtio, and the genpack-init modules that read settings from fw_cfg.
 *
 * Selects genpack-overlay's `paravirt` Portage profile, which exists for x86_64, aarch64, riscv64.
 */
export default defineProfile({
  profile: "paravirt",
  arches: ["x86_64", "aarch64", "riscv64"],
  // genpack/paravirt, which the Portage profile brings, reads no key of system.ini: its modules read QEMU's fw_cfg.
  systemIniSettings: genpackOverlaySettings.paravirt,
});
