// expect: GP3026 @ 5:37
import { defineImage } from "genpack-ts";

export default defineImage({
  users: [{ name: "a", uid: 1000 }, { name: "b", uid: 1000 }],
});
