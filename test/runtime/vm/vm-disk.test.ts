import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootSupport, makeBootImage, missingCommands, startGpVm, supportFrom, type BootImage, type GpVmSession } from "../../fixtures/boot/index.js";
import { jsonLines, runGp } from "../../helpers/gp.js";
import { skipFor } from "../../helpers/skip.js";
import { testVmName, VM_ROOT } from "../../helpers/test-vms.js";
import { suiteDirectory, temporaryDirectory } from "../../helpers/temp.js";

/**
 * Data disks of running VMs, with real QEMU on the boot fixture's image (VM mode: a shell on the
 * console, the disks in /sys/block): one VM is booted with a disk gp vm allocate made, and the
 * disk is grown under it, and refused to a second VM and to one whose file the host has attached.
 */
const boot = bootSupport();
const tools = supportFrom(missingCommands({ "mkfs.btrfs": "btrfs-progs" }), "gp vm allocate formats data disks with mkfs.btrfs");
const available = boot.available && tools.available;
const reason = [boot.reason, tools.reason].filter((text) => text !== "").join("; ");
const MiB = 1024 ** 2;

/** `gp vm run IMAGE --detach` of a second VM, expected to be refused; stopped if it was not. */
async function runSecond(image: string, name: string, dataDisk: string, env: NodeJS.ProcessEnv = {}) {
  const result = await runGp(["vm", "run", image, "--name", name, "--data-disk", dataDisk, "--accel", "tcg", "--memory", "256", "--net", "none", "--detach"], { env });
  if (result.exitCode === 0) await runGp(["vm", "stop", "--force", name], { env });
  return result;
}

describe("gp vm with a data disk of gp vm allocate", skipFor(available ? undefined : reason), () => {
  let work: string;
  let image: BootImage;
  let vm: GpVmSession | undefined;
  let data: string;

  beforeAll(async () => {
    work = suiteDirectory("gp-vm-disk-");
    image = await makeBootImage({ output: join(work, "system.squashfs"), artifact: "vmdisk", marker: "disk" });
    data = join(work, "data.img");
    expect((await runGp(["vm", "allocate", data, "128M"])).exitCode).toBe(0);
    vm = startGpVm({ image: image.path, name: testVmName("disk"), dataDisk: data, memory: "512", extraArguments: ["--net", "none"] });
    await vm.waitFor(/^GP-VM-READY /, 120_000);
  }, 300_000);

  afterAll(async () => {
    await vm?.kill();
  }, 60_000);

  it("grows the disk of the running VM with gp vm allocate and gp vm expand, and the guest sees the new size", async () => {
    const session = vm!;
    expect(await session.run("cat /sys/block/vdb/size", 30_000)).toEqual({ output: `${(128 * MiB) / 512}\n`, status: 0 });

    const unchanged = await runGp(["vm", "expand", session.name]);
    expect(unchanged.exitCode).toBe(1);
    expect(unchanged.stderr).toContain(`error GP9024: no disk of ${session.name} grew: ${data} (${128 * MiB} bytes) is as large as the file`);

    expect((await runGp(["vm", "allocate", data, "192M"])).exitCode).toBe(0);
    const expanded = await runGp(["vm", "expand", session.name, "--json"]);
    expect(expanded.stderr).toBe("");
    expect(expanded.exitCode).toBe(0);
    expect(jsonLines(expanded.stdout)).toEqual([{ type: "result", ok: true, name: session.name, device: "data", file: data, fromBytes: 128 * MiB, toBytes: 192 * MiB }]);
    // virtio-blk tells the guest's kernel of the new capacity with an interrupt: it may take a moment.
    let size = "";
    for (let attempt = 0; attempt < 20 && size !== `${(192 * MiB) / 512}\n`; attempt += 1) {
      size = (await session.run("cat /sys/block/vdb/size", 30_000)).output;
      if (size !== `${(192 * MiB) / 512}\n`) await new Promise((done) => setTimeout(done, 500));
    }
    expect(size).toBe(`${(192 * MiB) / 512}\n`);
  }, 180_000);

  it("refuses the disk to a second VM, whether gp or only QEMU's lock knows it is in use, and starts nothing", async () => {
    const second = testVmName("disk2");
    const shared = await runSecond(image.path, second, data);
    expect(shared.exitCode).toBe(1);
    expect(shared.stderr).toContain(`error GP9013: the data disk ${data} is in use by the running VM ${vm!.name}`);
    expect(existsSync(join(VM_ROOT, second))).toBe(false);

    // Under another runtime root gp does not see the first VM; QEMU's image lock refuses the file.
    const elsewhere = temporaryDirectory();
    const locked = await runSecond(image.path, second, data, { GP_VM_RUNTIME_DIR: elsewhere });
    expect(locked.exitCode).toBe(1);
    expect(locked.stderr).toContain("error GP9013: a disk of the VM is in use: another process (another QEMU, qemu-nbd) has it open");
    expect(locked.stderr).toContain(data);
    expect(existsSync(join(elsewhere, second))).toBe(false);
  }, 120_000);

  const loopable = process.getuid?.() === 0 && missingCommands({ losetup: "mount" }).length === 0;
  it.skipIf(!loopable && process.env["CI"] !== "true")("refuses a disk the host has attached to a loop device, and starts nothing", async () => {
    const attached = join(work, "attached.img");
    expect((await runGp(["vm", "allocate", attached, "16M", "--raw"])).exitCode).toBe(0);
    const losetup = spawnSync("losetup", ["--find", "--show", attached], { encoding: "utf8" });
    expect(losetup.status, losetup.stderr).toBe(0);
    const device = losetup.stdout.trim();
    try {
      const name = testVmName("disk3");
      const result = await runSecond(image.path, name, attached);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`error GP9013: the data disk ${attached} is attached to ${device} (mounted, or set up with losetup)`);
      expect(existsSync(join(VM_ROOT, name))).toBe(false);
    } finally {
      spawnSync("losetup", ["-d", device]);
    }
  }, 60_000);
});
