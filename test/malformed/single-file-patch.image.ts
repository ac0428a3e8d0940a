// expect: GP3002 @ 6:22
import { defineImage, file, type LocalDirectory } from "genpack-ts";

export default defineImage({
  patches: {
    "x11-wm/mutter": file("./data/app.conf") as unknown as LocalDirectory,
  },
});
