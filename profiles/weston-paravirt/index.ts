import { defineProfile, genpackOverlaySettings } from "genpack-ts";

/**
 * A Weston (Wayland) kiosk in a virtual machine: paravirt plus genpack/weston, with USE="wayland -X" and virgl graphics.
 *
 * Selects genpack-overlay's `weston/paravirt` Portage profile, which exists for x86_64.
 */
export default defineProfile({
  profile: "weston/paravirt",
  arches: ["x86_64"],
  // genpack/paravirt, which the Portage profile brings, reads no key of system.ini: its modules read QEMU's fw_cfg.
  systemIniSettings: genpackOverlaySettings.paravirt,
});
