// expect: GP3002 @ 5:35
import { defineImage } from "genpack-ts";

export default defineImage({
  users: [{ name: "web", comment: "Web\u0000server" }],
});
