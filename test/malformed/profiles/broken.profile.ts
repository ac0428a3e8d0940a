import { defineProfile } from "genpack-ts";

// Used by error-in-profile.image.ts: the atom below is wrong, and the error must point here.
export default defineProfile({
  packages: ["app-misc/screen", "www-servers/nginx-1.25"],
});
