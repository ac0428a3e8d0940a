// expect: TS1005 @ 6:3
import { defineImage } from "genpack-ts";

export default defineImage({
  name: "broken"
  packages: ["www-apps/nextcloud"],
});
