// expect: GP3047 @ 9:14
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  rdepend: ["|| ( app-misc/a app-misc/b"],
});

export default defineImage({ packages: [hello] });
