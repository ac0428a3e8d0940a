// expect: GP3050 @ 19:29
import { defineImage, definePackage } from "genpack-ts";

const first = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  license: "MIT",
  files: { "/etc/greeting": "hi\n" },
});

const second = definePackage({
  category: "app-misc",
  name: "welcome",
  version: "1.0",
  description: "Welcomes",
  license: "MIT",
  files: { "/etc/greeting": "welcome\n" },
});

export default defineImage({ packages: [first, second] });
