// expect: GP2001 @ 5:9
import { defineImage } from "genpack-ts";

function packagesFor(kind: string): string[] {
  throw new Error(`no packages for ${kind}`);
}

export default defineImage({
  packages: packagesFor("web") as `${string}/${string}`[],
});
