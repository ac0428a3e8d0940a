// expect: GP2002 @ 1:1
import { defineImage } from "genpack-ts";

export const image = defineImage({ name: "forgot-the-default" });
