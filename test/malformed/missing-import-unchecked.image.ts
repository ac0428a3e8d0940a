// expect: GP1004 @ 4:20
// args: --no-check
import { defineImage } from "genpack-ts";
import common from "./common.profile.js";

export default defineImage({ extends: common });
