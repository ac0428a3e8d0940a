import { defineImage, directory, file } from "genpack-ts";
import paravirt from "@genpack-ts/profile-paravirt";

export default defineImage({
  name: "rest-server",
  extends: paravirt,
  buildtimePackages: ["dev-lang/go"],
  packages: ["app-backup/restic"],
  services: ["rest-server"],
  files: {
    "/usr": directory("./files/usr"),
  },
  buildScripts: {
    "rest-server.sh": file("./files/build.d/rest-server.sh"),
  },
});
