// expect: TS2353 @ 7:7
import { defineImage } from "genpack-ts";

export default defineImage({
  variants: {
    debug: {
      kernelConfig: { "debug.config": "CONFIG_DEBUG_INFO=y\n" },
    },
  },
});
