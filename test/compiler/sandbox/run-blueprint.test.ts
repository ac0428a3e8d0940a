import { describe, expect, it } from "vitest";
import { permissionFlag, sandboxArguments, sandboxEnvironment } from "../../../compiler/sandbox/run-blueprint.js";

describe("the process a blueprint runs in", () => {
  it.each([
    ["20.20.2", "--experimental-permission"],
    ["22.12.0", "--experimental-permission"],
    ["22.13.0", "--permission"],
    ["23.4.0", "--experimental-permission"],
    ["23.5.0", "--permission"],
    ["24.0.0", "--permission"],
  ])("Node %s takes %s", (version, flag) => {
    expect(permissionFlag(version)).toBe(flag);
  });

  it("a blueprint sees the locale, the time zone and GP_* variables, and none of gp's secrets or Node options", () => {
    const env = { LANG: "C.UTF-8", LC_TIME: "en_GB", TZ: "UTC", GP_RELEASE: "1.2", AWS_SECRET_ACCESS_KEY: "s3cr3t", NODE_OPTIONS: "--require /tmp/x.cjs", HOME: "/root", PATH: "/usr/bin" };
    expect(sandboxEnvironment(env)).toEqual({ LANG: "C.UTF-8", LC_TIME: "en_GB", TZ: "UTC", GP_RELEASE: "1.2" });
  });

  it("grants reading what it is given and nothing else: no writes, processes, workers, addons or WASI", () => {
    const args = sandboxArguments({ runner: "/scratch/runner.mjs", readable: ["/scratch", "/scratch"], limits: { timeoutMs: 1000, heapMiB: 64 } });
    expect(args.filter((arg) => arg.startsWith("--allow-"))).toEqual(["--allow-fs-read=/scratch"]);
    expect(args).toContain("--no-addons");
    expect(args).toContain("--max-old-space-size=64");
    expect(args.at(-1)).toBe("/scratch/runner.mjs");
  });
});
