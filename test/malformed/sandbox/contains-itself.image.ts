// expect: GP3059 @ sandbox/contains-itself.image.ts 9:8
import { defineImage } from "genpack-ts";

const env: Record<string, unknown> = { EDITOR: "vi" };
env["SELF"] = env;

export default defineImage({
  name: "cycle",
  env: env as Record<string, string>,
});
