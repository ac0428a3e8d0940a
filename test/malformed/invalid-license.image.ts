// expect: GP3031 @ 5:43
import { defineImage } from "genpack-ts";

export default defineImage({
  license: { "sys-kernel/linux-firmware": "linux fw/redistributable" },
});
