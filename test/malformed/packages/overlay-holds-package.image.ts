// expect: GP3020 @ 13:12
import { defineImage, definePackage, directory } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
});

export default defineImage({
  packages: [hello],
  overlay: directory("./hand-written"),
});
