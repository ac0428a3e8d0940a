import { describe, expect, it } from "vitest";
import { codes } from "../../../errors/codes.js";
import { sshArguments } from "../../../runtime/vm/ssh-command.js";
import type { VmState } from "../../../runtime/vm/vm-state.js";

const state: VmState = {
  version: 1, name: "demo", image: "/x", arch: "x86_64", accel: "tcg", memoryMiB: 512, cpus: 1, uefi: false,
  networks: [{ kind: "user", mac: "52:54:00:00:00:01", portForwards: [] }], consoleLog: "/dev/null", starter: { pid: 1, startTicks: 1 }, startedAt: "",
};

describe("gp vm ssh", () => {
  it("goes over vsock through systemd-ssh-proxy when the VM has a CID", () => {
    const args = sshArguments({ ...state, vsockCid: 1234 }, "root", { systemdSshProxy: "/usr/lib/systemd/systemd-ssh-proxy", socat: "socat" });
    expect(args).toContain("ProxyCommand=/usr/lib/systemd/systemd-ssh-proxy %h %p");
    expect(args.at(-1)).toBe("root@vsock/1234");
  });

  it("goes over vsock through socat when systemd has no proxy", () => {
    const args = sshArguments({ ...state, vsockCid: 1234 }, "admin", { socat: "socat" });
    expect(args).toContain("ProxyCommand=socat - VSOCK-CONNECT:1234:22");
    expect(args.at(-1)).toBe("admin@demo");
  });

  it("falls back to a forwarded port 22 on the user network", () => {
    const forwarded: VmState = { ...state, networks: [{ kind: "user", mac: "m", portForwards: [{ protocol: "tcp", hostPort: 2222, guestPort: 22 }] }] };
    const args = sshArguments(forwarded, "root", {});
    expect(args.slice(-3)).toEqual(["-p", "2222", "root@127.0.0.1"]);
  });

  it("says what is missing when there is no way in", () => {
    expect(() => sshArguments(state, "root", {})).toThrow(expect.objectContaining({ code: codes.sshUnreachable.code, message: expect.stringMatching(/started without vsock .* no port forward to the guest's port 22 \(start it with --port-forward 2222:22\)/) }));
    expect(() => sshArguments({ ...state, vsockCid: 5 }, "root", {})).toThrow(expect.objectContaining({ code: codes.sshUnreachable.code, message: expect.stringMatching(/neither systemd-ssh-proxy nor socat/) }));
  });
});
