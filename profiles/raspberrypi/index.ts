import { defineProfile } from "genpack-ts";

/**
 * Raspberry Pi boards: baremetal plus the Raspberry Pi kernel image and wireless firmware.
 *
 * Selects genpack-overlay's `raspberrypi` Portage profile, which exists for aarch64.
 */
export default defineProfile({
  profile: "raspberrypi",
  arches: ["aarch64"],
});
