// expect: GP3024 @ 6:12
import { defineImage } from "genpack-ts";

export default defineImage({
  name: "box",
  outfile: "box\n.squashfs",
});
