import { defineProfile, genpackOverlaySettings } from "genpack-ts";

/**
 * Bootable images for real hardware: systemimg plus genpack/systemimg's hardware tool set (firmware, wireless, disk and sensor tools).
 *
 * Selects genpack-overlay's `baremetal` Portage profile, which exists for x86_64, aarch64.
 */
export default defineProfile({
  profile: "baremetal",
  arches: ["x86_64", "aarch64"],
  // genpack/systemimg, which the Portage profile brings, reads these keys of system.ini.
  systemIniSettings: genpackOverlaySettings.systemimg,
});
