// expect: GP3016 @ 6:24
import { defineImage } from "genpack-ts";

export default defineImage({
  env: {
    "media-libs/mesa": "debug.conf",
  },
});
