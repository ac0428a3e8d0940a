import { defineProfile } from "genpack-ts";
import base from "./base.profile.js";

export default defineProfile({
  extends: base,
  packages: ["www-servers/apache", "dev-lang/php"],
  use: { "dev-lang/php": ["apache2", "fpm", { PHP_TARGETS: ["php8-3"] }] },
  services: ["apache2", "sshd"],
  groups: ["www"],
});
