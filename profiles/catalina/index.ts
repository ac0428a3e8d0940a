import { defineProfile, genpackOverlaySettings } from "genpack-ts";

/**
 * Catalina boards: baremetal plus the Catalina kernel and boot files.
 *
 * Selects genpack-overlay's `catalina` Portage profile, which exists for aarch64.
 */
export default defineProfile({
  profile: "catalina",
  arches: ["aarch64"],
  // genpack/systemimg, which the Portage profile brings, reads these keys of system.ini.
  systemIniSettings: genpackOverlaySettings.systemimg,
});
