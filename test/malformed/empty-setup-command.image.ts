// expect: GP3025 @ 5:33
import { defineImage } from "genpack-ts";

export default defineImage({
  setupCommands: ["echo first", " "],
});
