// expect: GP1003 @ 7:3
// args: --no-check
import { defineImage } from "genpack-ts";

export default defineImage({
  name: "broken"
  packages: ["www-apps/nextcloud"],
});
