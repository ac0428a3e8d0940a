// expect: GP3059 @ sandbox/nested-too-deep.image.ts 9:14
import { defineImage } from "genpack-ts";

let deep: unknown = "vi";
for (let level = 0; level < 5000; level++) deep = [deep];

export default defineImage({
  name: "deep",
  packages: [deep as "app-misc/screen"],
});
