// expect: GP3045 @ 6:9
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello-2",
  version: "1.0",
  description: "Greets",
});

export default defineImage({ packages: [hello] });
