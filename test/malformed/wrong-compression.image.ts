// expect: TS2322 @ 5:3
import { defineImage } from "genpack-ts";

export default defineImage({
  compression: "zstd",
});
