// expect: GP3046 @ 7:12
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0-r1",
  description: "Greets",
});

export default defineImage({ packages: [hello] });
