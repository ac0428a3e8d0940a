// expect: GP3048 @ 9:12
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  depend: "ssl? ( dev-libs/openssl )",
});

export default defineImage({ packages: [hello] });
