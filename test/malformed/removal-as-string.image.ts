// expect: GP3011 @ 5:33
import { defineImage } from "genpack-ts";

export default defineImage({
  packages: ["app-misc/screen", "-app-editors/nano"],
});
