// expect: GP3013 @ 6:18
import { defineImage, file } from "genpack-ts";

export default defineImage({
  files: {
    "/etc/tree": file("./data/tree"),
  },
});
