// expect: GP3013 @ 6:17
import { defineImage, file } from "genpack-ts";

export default defineImage({
  files: {
    "/etc/app": file("./data/missing.conf"),
  },
});
