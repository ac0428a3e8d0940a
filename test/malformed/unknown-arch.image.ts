// expect: TS2353 @ 6:5
import { defineImage } from "genpack-ts";

export default defineImage({
  arch: {
    amd64: { packages: ["sys-apps/memtest86-bin"] },
  },
});
