import { defineProfile, genpackOverlaySettings } from "genpack-ts";

/**
 * Raspberry Pi boards: baremetal plus the Raspberry Pi kernel image and wireless firmware.
 *
 * Selects genpack-overlay's `raspberrypi` Portage profile, which exists for aarch64.
 */
export default defineProfile({
  profile: "raspberrypi",
  arches: ["aarch64"],
  // genpack/systemimg, which the Portage profile brings, reads these keys of system.ini.
  systemIniSettings: genpackOverlaySettings.systemimg,
});
