// expect: GP3019 @ 10:33
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  license: "MIT",
  packageScripts: { "greet.sh": "echo hi > /etc/motd\n" },
});

export default defineImage({ packages: [hello] });
