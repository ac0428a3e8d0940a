// expect: GP3057 @ 5:19
import { defineImage } from "genpack-ts";

export default defineImage({
  setupCommands: ["echo a\u0000b"],
});
