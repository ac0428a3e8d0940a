// expect: GP3014 @ 6:21
import { defineImage, file } from "genpack-ts";

export default defineImage({
  files: {
    "/etc/outside": file("../outside.conf"),
  },
});
