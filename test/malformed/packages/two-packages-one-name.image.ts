// expect: GP3049 @ 12:16
import { defineImage, definePackage } from "genpack-ts";

const first = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
});

// Another package under the same name, with other content.
const second = definePackage({
  category: "app-misc",
  name: "hello",
  version: "2.0",
  description: "Greets louder",
});

export default defineImage({ packages: [first, second] });
