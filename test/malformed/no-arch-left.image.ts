// expect: GP3040 @ 6:11
import { defineImage, type Arch } from "genpack-ts";

// gnome/baremetal exists for x86_64 only; the cast keeps the type checker out of it.
export default defineImage({
  arches: ["aarch64"] as Arch[],
  profile: "gnome/baremetal",
});
