// expect: GP3042 @ 6:12
import { defineImage } from "genpack-ts";
import weston from "@genpack-ts/profile-weston-paravirt";

export default defineImage({
  profile: "gnome/baremetal",
  extends: weston,
});
