// expect: GP3020 @ 7:21
import { defineImage, directory } from "genpack-ts";

export default defineImage({
  files: {
    "/": directory("./data/linktree"),
    "/opt/planted": "would be written through the link\n",
  },
});
