// expect: GP3052 @ 14:16
import { defineImage, definePackage } from "genpack-ts";

const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  license: "MIT",
  sources: [
    {
      url: "https://example.org/hello-1.0.tar.gz",
      size: 1024,
      blake2b: "abc123",
      sha512: "0".repeat(128),
    },
  ],
});

export default defineImage({ packages: [hello] });
