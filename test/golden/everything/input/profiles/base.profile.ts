import { defineProfile, file, text } from "genpack-ts";

/** Shared by web.profile.ts and db.profile.ts: reached twice, applied once, first. */
export default defineProfile({
  compression: "gzip",
  packages: ["app-misc/screen", "app-editors/nano", "app-admin/sudo"],
  use: { "app-editors/vim": "minimal", "sys-apps/systemd": "policykit" },
  users: ["operator"],
  services: ["sshd"],
  files: {
    "/etc/motd": "base motd\n",
    "/etc/profile.d/base.sh": file("./base.sh"),
  },
  buildScripts: { "00-base.sh": text("echo base\n") },
  arch: {
    aarch64: { acceptKeywords: { "app-admin/eclean-kernel": null } },
  },
});
