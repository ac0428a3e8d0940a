// expect: GP2003 @ 4:16
import { defineProfile } from "genpack-ts";

export default defineProfile({ packages: ["app-misc/screen"] });
