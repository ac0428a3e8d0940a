// expect: GP3010 @ 5:11
import { defineImage } from "genpack-ts";

export default defineImage({
  users: ["Web Admin"],
});
