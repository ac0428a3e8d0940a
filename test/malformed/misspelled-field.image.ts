// expect: TS2561 @ 6:3
import { defineImage } from "genpack-ts";

export default defineImage({
  name: "misspelled",
  pakages: ["www-apps/nextcloud"],
});
