// expect: TS2322 @ 5:36
import { defineImage } from "genpack-ts";

export default defineImage({
  packages: ["www-apps/nextcloud", "nextcloud"],
});
