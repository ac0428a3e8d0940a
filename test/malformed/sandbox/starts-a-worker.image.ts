// expect: GP2001 @ sandbox/starts-a-worker.image.ts 5:1
import { Worker } from "node:worker_threads";
import { defineImage } from "genpack-ts";

new Worker("1", { eval: true });

export default defineImage({ name: "workers" });
