// expect: TS2322 @ 5:26
import { defineImage } from "genpack-ts";

export default defineImage({
  users: [{ name: "web", uid: "1000" }],
});
