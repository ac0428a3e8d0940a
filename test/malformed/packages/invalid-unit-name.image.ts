// expect: GP3017 @ 10:19
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  license: "MIT",
  systemdUnits: { hello: "[Service]\nExecStart=/usr/bin/hello\n" },
});

export default defineImage({ packages: [hello] });
