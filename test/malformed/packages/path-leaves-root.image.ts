// expect: GP3015 @ 10:12
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  license: "MIT",
  files: { "/etc/../root/.profile": "greeting=hi\n" },
});

export default defineImage({ packages: [hello] });
