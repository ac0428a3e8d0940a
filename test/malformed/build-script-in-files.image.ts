// expect: GP3029 @ 6:5
import { defineImage } from "genpack-ts";

export default defineImage({
  files: {
    "/build.d/setup.sh": "echo hi\n",
  },
});
