import { defineImage } from "genpack-ts";
import paravirt from "@genpack-ts/profile-paravirt";

export default defineImage({
  name: "nextcloud",
  extends: paravirt,
  compression: "xz",
  packages: ["www-apps/nextcloud", "dev-db/mysql", "dev-lang/php", "net-misc/redis"],
  use: {
    "dev-lang/php": "+mysql +curl +gd +xml +zip",
  },
  users: [{ name: "nextcloud", uid: 1000 }],
  services: ["apache2", "mysqld", "redis"],
});
