// expect: GP3020 @ 7:21
import { defineImage } from "genpack-ts";

export default defineImage({
  files: {
    "/etc/foo": "a file\n",
    "/etc/foo/bar": "below a file\n",
  },
});
