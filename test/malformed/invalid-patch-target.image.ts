// expect: GP3032 @ 6:5
import { defineImage } from "genpack-ts";

export default defineImage({
  patches: {
    "x11-wm/mutter/extra": { "fix.patch": "--- a\n+++ b\n" },
  },
});
