// expect: GP3015 @ 5:33
import { defineImage } from "genpack-ts";

export default defineImage({
  users: [{ name: "web", shell: "/bin/sh\nroot2::0:0::/root:/bin/sh" }],
});
