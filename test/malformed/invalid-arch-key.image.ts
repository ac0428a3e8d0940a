// expect: GP3005 @ 8:5
import { defineImage } from "genpack-ts";

const pc = "x86-64" as "x86_64";

export default defineImage({
  arch: {
    [pc]: { packages: ["sys-apps/memtest86-bin"] },
  },
});
