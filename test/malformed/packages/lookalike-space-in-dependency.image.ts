// expect: GP3047 @ 10:13
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  // An ideographic space between the atoms: bash does not split on it.
  rdepend: "dev-libs/openssl　dev-libs/nss",
});

export default defineImage({ packages: [hello] });
