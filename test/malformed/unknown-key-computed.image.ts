// expect: GP3001 @ 5:17
import { defineImage } from "genpack-ts";

// A key TypeScript cannot see: the spread value is typed `object`.
const extra = { servics: ["sshd"] } as object;

export default defineImage({
  name: "computed",
  ...extra,
});
