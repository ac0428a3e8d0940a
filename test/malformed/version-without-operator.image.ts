// expect: GP3003 @ 5:36
import { defineImage } from "genpack-ts";

export default defineImage({
  packages: ["www-apps/nextcloud", "dev-lang/php-8.2"],
});
