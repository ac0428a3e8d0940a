// expect: TS2307 @ 3:20
import { defineImage } from "genpack-ts";
import common from "./common.profile.js";

export default defineImage({ extends: common });
