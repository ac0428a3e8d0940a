import { defineProfile } from "genpack-ts";

/**
 * Catalina boards: baremetal plus the Catalina kernel and boot files.
 *
 * Selects genpack-overlay's `catalina` Portage profile, which exists for aarch64.
 */
export default defineProfile({
  profile: "catalina",
  arches: ["aarch64"],
});
