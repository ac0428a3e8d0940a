// expect: GP3012 @ 9:19
import { defineImage } from "genpack-ts";

export default defineImage({
  variants: {
    cuda: {},
    rocm: {},
  },
  defaultVariant: "cpu",
});
