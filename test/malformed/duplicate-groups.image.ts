// expect: GP3009 @ 5:21
import { defineImage } from "genpack-ts";

export default defineImage({
  groups: ["media", "media"],
});
