// expect: GP3004 @ 6:28
import { defineImage } from "genpack-ts";

export default defineImage({
  use: {
    "dev-lang/php": "mysql curl! gd",
  },
});
