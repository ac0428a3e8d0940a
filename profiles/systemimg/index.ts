import { defineProfile, genpackOverlaySettings } from "genpack-ts";

/**
 * Bootable system images installed with genpack-install, without the hardware tool set of baremetal.
 *
 * Selects genpack-overlay's `systemimg` Portage profile, which exists for x86_64, aarch64.
 */
export default defineProfile({
  profile: "systemimg",
  arches: ["x86_64", "aarch64"],
  // genpack/systemimg, which the Portage profile brings, reads these keys of system.ini.
  systemIniSettings: genpackOverlaySettings.systemimg,
});
