import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { temporaryDirectory } from "../../helpers/temp.js";
import { codes } from "../../../errors/codes.js";
import { vsockCid } from "../../../runtime/vm/identity.js";
import { processIdentity } from "../../../runtime/vm/process-identity.js";
import { vmCid } from "../../../runtime/vm/vm-cid.js";
import { writeVmState, type VmState } from "../../../runtime/vm/vm-state.js";

/** A runtime directory for `name` as gp vm run leaves it while it starts the VM: this test's process is the starter. */
function starting(root: string, name: string, cid: number | undefined): void {
  mkdirSync(join(root, name), { recursive: true });
  const state: VmState = {
    version: 1,
    name,
    image: "/images/demo.squashfs",
    arch: "x86_64",
    accel: "tcg",
    memoryMiB: 512,
    cpus: 1,
    uefi: false,
    networks: [],
    ...(cid === undefined ? {} : { vsockCid: cid }),
    consoleLog: join(root, name, "console.log"),
    starter: processIdentity(process.pid)!,
    startedAt: new Date().toISOString(),
  };
  writeVmState(join(root, name, "vm.json"), state);
}

describe("the vsock CID gp vm cid prints", () => {
  it("is the one derived from the user and the name while the VM does not run, whatever other VMs run", () => {
    const root = temporaryDirectory();
    starting(root, "other", 12345);
    expect(vmCid(root, 1000, "demo")).toEqual({ name: "demo", cid: vsockCid(1000, "demo"), running: false });
    expect(vmCid(root, 1001, "demo").cid).not.toBe(vsockCid(1000, "demo"));
  });

  it("is the next free one when a running VM holds the derived one, as gp vm run would then give", () => {
    const root = temporaryDirectory();
    starting(root, "holder", vsockCid(1000, "demo"));
    expect(vmCid(root, 1000, "demo")).toEqual({ name: "demo", cid: vsockCid(1000, "demo") + 1, running: false });
  });

  it("is the running VM's own, even when it differs from the derived one", () => {
    const root = temporaryDirectory();
    starting(root, "demo", 4242);
    expect(vmCid(root, 1000, "demo")).toEqual({ name: "demo", cid: 4242, running: true });
  });

  it("is refused for a running VM without vsock, and for a name no VM can have", () => {
    const root = temporaryDirectory();
    starting(root, "plain", undefined);
    expect(() => vmCid(root, 1000, "plain")).toThrow(expect.objectContaining({ code: codes.vsockUnavailable.code }));
    expect(() => vmCid(root, 1000, "../plain")).toThrow(expect.objectContaining({ code: codes.invalidVmName.code }));
  });
});
