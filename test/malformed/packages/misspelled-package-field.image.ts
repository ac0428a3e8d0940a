// expect: GP3001 @ 10:3
// args: --no-check
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  rdepends: "app-misc/screen",
});

export default defineImage({ packages: [hello] });
