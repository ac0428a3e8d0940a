// The few Node APIs the sandbox cases call. The malformed blueprints type-check without
// @types/node, as a blueprint project may.
declare module "node:fs" {
  export function readFileSync(path: string | URL, encoding: "utf8"): string;
  export function writeFileSync(path: string | URL, data: string): void;
}
declare module "node:child_process" {
  export function execFileSync(file: string, args: readonly string[]): unknown;
}
declare module "node:worker_threads" {
  export class Worker {
    constructor(code: string, options: { readonly eval: boolean });
  }
}
declare const process: { exit(code?: number): never };
declare function setTimeout(callback: () => void, milliseconds: number): unknown;
declare function setInterval(callback: () => void, milliseconds: number): unknown;
