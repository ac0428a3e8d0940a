// expect: GP3044 @ 6:13
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  // A category may not start with a dot.
  category: ".misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
});

export default defineImage({ packages: [hello] });
