// expect: TS2561 @ 7:7
import { defineImage } from "genpack-ts";

export default defineImage({
  arch: {
    x86_64: {
      users: [{ name: "builder" }],
    },
  },
});
