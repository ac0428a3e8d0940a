// expect: GP2010 @ sandbox/rejects-unawaited.image.ts 5:9
import { defineImage } from "genpack-ts";

async function fetchPackages(): Promise<string[]> {
  throw new Error("the package list is not reachable");
}

// Nobody awaits this promise, so its rejection would pass unnoticed.
void fetchPackages();

export default defineImage({ name: "rejects" });
