// expect: GP3015 @ 5:12
import { defineImage } from "genpack-ts";

export default defineImage({
  files: { "/etc/motd\u0000.d": "hi\n" },
});
