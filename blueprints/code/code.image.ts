import { defineImage, directory, file } from "genpack-ts";
import paravirt from "@genpack-ts/profile-paravirt";

// Collabora Online Development Edition (CODE): coolwsd on port 9980, reached on port 80 through
// nftables and on vsock port 80 through socat; TLS is left to a reverse proxy in front. The
// office suite itself comes from Collabora's Debian repository at build time (collabora.sh).
// The corpus has only this artifact's genpack.json5; the build script and the files below are
// written after the upstream repository's files of the same names.
export default defineImage({
  name: "code",
  extends: paravirt,
  packages: [
    "media-libs/fontconfig",
    "app-crypt/mit-krb5",
    "media-fonts/noto-cjk",
    "media-fonts/noto-emoji",
    "net-firewall/nftables",
  ],
  buildtimePackages: ["app-arch/dpkg", "dev-util/patchelf"],
  users: [
    {
      name: "cool",
      home: "/opt/cool",
    },
  ],
  services: ["coolwsd", "nftables", "vsock-export-coolwsd"],
  files: {
    "/etc": directory("./files/etc"),
    "/usr": directory("./files/usr"),
  },
  buildScripts: {
    "collabora.sh": file("./files/build.d/collabora.sh"),
  },
});
