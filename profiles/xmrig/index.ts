import { defineProfile, file } from "genpack-ts";

/** xmrig, installed from its latest GitHub release at build time (x86_64 only). */
export default defineProfile({
  buildScripts: { "xmrig.sh": file("./files/build.d/xmrig.sh") },
});
