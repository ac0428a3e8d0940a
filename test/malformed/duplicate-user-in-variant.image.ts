// expect: GP3008 @ 8:15
import { defineImage } from "genpack-ts";

export default defineImage({
  users: [{ name: "user", uid: 1000 }],
  variants: {
    desktop: {
      users: [{ name: "user", uid: 1000 }],
    },
  },
});
