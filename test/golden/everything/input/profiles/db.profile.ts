import { defineProfile } from "genpack-ts";
import base from "./base.profile.js";

export default defineProfile({
  extends: [base],
  profile: "paravirt",
  packages: ["dev-db/mysql"],
  services: ["mysqld"],
  variants: {
    debug: { packages: ["dev-util/gdb"] },
  },
});
