// expect: GP3015 @ 6:5
import { defineImage } from "genpack-ts";

export default defineImage({
  files: {
    "/etc/../motd": "hello\n",
  },
});
