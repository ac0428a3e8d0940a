import { defineProfile, genpackOverlaySettings } from "genpack-ts";

/**
 * A GNOME desktop on real hardware: baremetal plus genpack/gnome, on Gentoo's GNOME desktop target.
 *
 * Selects genpack-overlay's `gnome/baremetal` Portage profile, which exists for x86_64.
 */
export default defineProfile({
  profile: "gnome/baremetal",
  arches: ["x86_64"],
  // genpack/systemimg, which the Portage profile brings, reads these keys of system.ini.
  systemIniSettings: genpackOverlaySettings.systemimg,
});
