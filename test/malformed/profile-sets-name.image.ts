// expect: GP3001 @ 6:3
import { defineImage, defineProfile, type ProfileSpec } from "genpack-ts";

// A profile cannot name the image; the cast hides that from the type checker, not from gp.
const named = defineProfile({
  name: "from-profile",
} as ProfileSpec);

export default defineImage({ extends: named });
