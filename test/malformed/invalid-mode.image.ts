// expect: GP3022 @ 6:51
import { defineImage, text } from "genpack-ts";

export default defineImage({
  files: {
    "/usr/bin/hello": text("#!/bin/sh\n", { mode: 0o10755 }),
  },
});
