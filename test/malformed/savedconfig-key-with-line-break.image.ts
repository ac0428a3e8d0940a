// expect: GP3024 @ 5:18
import { defineImage } from "genpack-ts";

export default defineImage({
  savedconfig: { "sys-kernel/linux-firmware\nx": "x\n" },
});
