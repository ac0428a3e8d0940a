// expect: GP3038 @ 6:11
import { defineImage } from "genpack-ts";

export default defineImage({
  groups: ["media"],
  users: ["media"],
});
