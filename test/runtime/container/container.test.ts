import { describe, expect, it } from "vitest";
import { containerCommand, inMountNamespace, nspawnArguments, overlayOptions } from "../../../runtime/container/nspawn.js";

describe("systemd-nspawn command lines", () => {
  it("run without registering a machine, so hosts without systemd as PID 1 work too", () => {
    const args = nspawnArguments({ root: "/w/lower" }, "/w/lower", ["true"]);
    expect(args).toEqual(expect.arrayContaining(["--register=no", "--keep-unit", "--as-pid2", "--directory=/w/lower", "--console=pipe"]));
    expect(args.slice(-2)).toEqual(["--", "true"]);
  });

  it("write nothing of nspawn's own into the root: the host's resolv.conf is bound, the time zone left alone, no journal link", () => {
    const args = nspawnArguments({ root: "/w/lower" }, "/w/lower", ["true"]);
    expect(args).toEqual(expect.arrayContaining(["--resolv-conf=bind-host", "--timezone=off", "--link-journal=no"]));
  });

  it("escape colons in bound paths and sort the environment", () => {
    const args = nspawnArguments({ root: "/r", binds: [{ host: "/a:b", container: "/mnt/x", readOnly: true }], env: { B: "2", A: "1" } }, "/r", ["env"]);
    expect(args).toContain("--bind-ro=/a\\:b:/mnt/x");
    expect(args.filter((arg) => arg.startsWith("--setenv="))).toEqual(["--setenv=A=1", "--setenv=B=2"]);
  });

  it("mount the overlay in a private mount namespace that lives exactly as long as the command", () => {
    const overlay = { upper: "/w/up,per", work: "/w/work", mountPoint: "/w/merged" };
    expect(overlayOptions("/w/lower", overlay)).toBe("lowerdir=/w/lower,upperdir=/w/up\\,per,workdir=/w/work,metacopy=off,redirect_dir=off,index=off,xino=off");
    const { command, args } = inMountNamespace("/w/lower", overlay, ["touch", "x"]);
    expect(command).toBe("unshare");
    expect(args.slice(0, 4)).toEqual(["--mount", "--propagation", "private", "--"]);
    expect(args.slice(-2)).toEqual(["touch", "x"]);
    const withNspawn = containerCommand({ root: "/w/lower", overlay }, ["true"]);
    expect(withNspawn.args).toContain("--directory=/w/merged");
  });

  it("run nspawn with a parent-death signal, so a killed gp takes its container down", () => {
    const overlay = { upper: "/w/upper", work: "/w/work", mountPoint: "/w/merged" };
    for (const spec of [{ root: "/w/lower" }, { root: "/w/lower", overlay }]) {
      const { command, args } = containerCommand(spec, ["true"]);
      expect([command, ...args.slice(0, 4)]).toEqual(["setpriv", "--pdeathsig", "TERM", "--", spec.overlay === undefined ? "systemd-nspawn" : "unshare"]);
    }
  });
});
