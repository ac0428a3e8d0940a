import { defineProfile } from "genpack-ts";
import base from "./base.profile.js";

export default defineProfile({
  extends: [base],
  packages: ["dev-db/mysql"],
  services: ["mysqld"],
  variants: {
    debug: { packages: ["dev-util/gdb"] },
  },
});
