// expect: GP3020 @ 7:13
import { defineImage, directory } from "genpack-ts";

export default defineImage({
  files: {
    "/": directory("./data/tree"),
    "/etc": "a file where the tree has a directory\n",
  },
});
