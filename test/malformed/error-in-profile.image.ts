// expect: GP3003 @ profiles/broken.profile.ts 5:33
import { defineImage } from "genpack-ts";
import broken from "./profiles/broken.profile.js";

export default defineImage({ name: "uses-broken", extends: broken });
