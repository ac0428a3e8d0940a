// expect: GP3008 @ 7:5
import { defineImage } from "genpack-ts";

export default defineImage({
  users: [
    { name: "web", uid: 1000 },
    { name: "web", uid: 1001 },
  ],
});
