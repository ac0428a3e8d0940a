// expect: GP3001 @ 6:31
import { defineImage, type User } from "genpack-ts";

export default defineImage({
  users: [
    { name: "web", uid: 1000, passwd: "secret" } as User,
  ],
});
