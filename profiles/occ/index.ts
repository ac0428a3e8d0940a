import { defineProfile, file } from "genpack-ts";

/**
 * /usr/bin/occ for Nextcloud and ownCloud images: a setuid wrapper (github.com/shimarin/occ)
 * that runs the occ console as the web server's user, compiled at build time.
 */
export default defineProfile({
  buildtimePackages: ["sys-devel/gcc"],
  buildScripts: { "occ.sh": file("./files/build.d/occ.sh") },
});
