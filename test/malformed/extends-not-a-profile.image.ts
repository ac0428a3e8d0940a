// expect: GP2005 @ 7:13
import { defineImage, type Profile } from "genpack-ts";

const notAProfile = { packages: ["app-misc/screen"] } as unknown as Profile;

export default defineImage({
  extends: [notAProfile],
});
