// expect: GP3019 @ 6:12
import { defineImage } from "genpack-ts";

export default defineImage({
  buildScripts: {
    setup: "echo configuring\n",
  },
});
