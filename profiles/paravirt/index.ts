import { defineProfile } from "genpack-ts";

/**
 * Images that run as virtual machines under QEMU: genpack-overlay's `paravirt` Portage profile,
 * which brings the QEMU guest agent, virtio drivers and the genpack-init modules for fw_cfg.
 */
export default defineProfile({
  profile: "paravirt",
});
