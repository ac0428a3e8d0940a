// expect: TS2820 @ 5:3
import { defineImage } from "genpack-ts";

export default defineImage({
  profile: "paravrit",
});
