// expect: GP2012 @ sandbox/function-in-spec.image.ts 8:31
import { defineImage } from "genpack-ts";

const lazy = (() => "app-misc/screen") as unknown as "app-misc/screen";

export default defineImage({
  name: "function",
  packages: ["app-misc/tmux", lazy],
});
