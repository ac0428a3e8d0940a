// expect: GP3004 @ 6:21
import { defineImage } from "genpack-ts";

export default defineImage({
  use: {
    "dev-lang/php": "mysql\ncurl",
  },
});
