// expect: GP3051 @ 4:29
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  files: { "/etc/hello.conf": "greeting=hi\n" },
});

export default defineImage({ packages: [hello] });
