import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonLines, runGp, type GpRun } from "../helpers/gp.js";
import { suiteDirectory } from "../helpers/temp.js";
import { skipFor } from "../helpers/skip.js";
import { containerSupport, createMirror, run, serveMirror, newestSnapshotDate, type Mirror, type MirrorServer } from "../fixtures/gentoo/index.js";
import { bootPartitionListing, bootSupport, readBootFile, rollbackStoppedDisk, startGpVm, startGuest, updaterSupport, updateStoppedDisk, writeBootFile, writeGuestSystemCfg, type GuestSession } from "../fixtures/boot/index.js";
import { hasCommand } from "../../host/exec.js";

/**
 * The workflow gp exists for, as one piece, every step through the gp command a user runs: a
 * blueprint over the Gentoo fixture's bootable packages (test/fixtures/bootable/) is compiled,
 * built with real emerge, written to a disk with a data partition and a system.ini, and booted
 * under QEMU with OVMF; it applies system.ini at every boot, keeps what the guest writes on the
 * data partition (or forgets it without one), takes an edited system.ini, is updated to a second
 * build and rolled back, and boots under gp vm run and from gp install's ISO.
 *
 * The image is built once and its second version once; the boots that do not depend on each
 * other run two at a time. Every boot's serial console is kept in the suite directory, and a
 * failure shows its last lines.
 */
function endToEndSupport(): { available: boolean; reason: string } {
  const reasons = [containerSupport(), bootSupport(), updaterSupport()].filter((support) => !support.available).map((support) => support.reason);
  for (const command of ["mksquashfs", "unsquashfs", "sgdisk", "mkfs.vfat", "mkfs.btrfs", "mcopy", "xorriso"]) {
    if (!hasCommand(command)) reasons.push(`${command} is not installed`);
  }
  if (reasons.length > 0 && process.env["CI"] === "true") throw new Error(`CI must run the end-to-end boot test, but ${reasons.join("; ")}`);
  return { available: reasons.length === 0, reason: reasons.join("; ") };
}

const support = endToEndSupport();

/** How long one boot may take to reach its ready line under TCG on a loaded two-core machine. */
const BOOT_MS = 240_000;
/** How long a command typed into the guest may take. */
const COMMAND_MS = 60_000;

/** The fields of a `GP-READY key=value …` line; `greeting` is the rest of the line. */
function readyFields(line: string): Record<string, string> {
  const text = line.slice(line.indexOf("GP-READY ") + "GP-READY ".length);
  const greeting = text.indexOf(" greeting=");
  const fields = Object.fromEntries(text.slice(0, greeting).split(" ").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
  return { ...fields, greeting: text.slice(greeting + " greeting=".length).trim() };
}

function systemIni(hostname: string, greeting: string): string {
  return `# system.ini of the end-to-end test\nhostname=${hostname}\n\n[greeter]\ngreeting=${greeting}\n`;
}

describe("a blueprint built by gp boots, takes system.ini, persists, updates and rolls back", skipFor(support.available ? undefined : support.reason), () => {
  let work: string;
  let mirror: Mirror;
  let server: MirrorServer;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let mirrorOptions: string[];
  /** The first build's image and the second's, copied out of the artifact. */
  let firstImage: string;
  let secondImage: string;
  /** The disk with a data partition that boots, reboots, is updated and rolled back. */
  let disk: string;
  /** Seconds each step took, printed at the end. */
  const timings: [string, number][] = [];
  let buildStarted = 0;
  /** Work started early to run beside other boots; each test awaits its own. */
  let transientDisk: Promise<void>;
  let secondBuild: Promise<void>;
  let otherBoots: Promise<void>;

  const gp = async (args: readonly string[]): Promise<GpRun> => {
    const result = await runGp(args, { cwd: project, env });
    if (result.exitCode !== 0) throw new Error(`gp ${args.join(" ")} failed (${result.exitCode}):\n${result.stdout.slice(-12_000)}\n${result.stderr.slice(-12_000)}`);
    return result;
  };
  const timed = async <T,>(step: string, task: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await task();
    timings.push([step, (Date.now() - started) / 1000]);
    return result;
  };
  /** Boots `image` under OVMF, waits for the ready line, and returns its fields and the session. */
  const boot = async (options: { disk?: string; iso?: string }, name: string): Promise<{ session: GuestSession; ready: Record<string, string> }> => {
    const session = await startGuest({ ...options, firmware: "uefi", log: join(work, `${name}.serial.log`) });
    try {
      const line = await session.waitFor("GP-READY ", BOOT_MS);
      return { session, ready: readyFields(line) };
    } catch (error) {
      await session.kill();
      throw error;
    }
  };
  const command = async (session: GuestSession, text: string): Promise<string> => {
    const result = await session.run(text, COMMAND_MS);
    expect(result.status, `${text}:\n${result.output}`).toBe(0);
    return result.output;
  };
  /** gp install --disk onto a new sparse disk file of 6 GiB (the boot partition takes at least 4), with the guest's system.cfg. */
  const install = (image: string, target: string, ...extra: string[]): Promise<GpRun> => {
    writeFileSync(target, "");
    truncateSync(target, 6 * 1024 ** 3);
    return gp(["install", image, "--disk", target, "--gpt", "--yes", "--json", "--system-cfg", writeGuestSystemCfg(work), ...extra]);
  };
  const build = async (): Promise<string> => {
    await gp(["compile", "bootable.image.ts", "-o", "artifact", "--force"]);
    const result = await gp(["build", "artifact", "--json", ...mirrorOptions]);
    const summary = jsonLines(result.stdout).find((event) => event["type"] === "result");
    return join(project, String(summary?.["image"]));
  };

  beforeAll(async () => {
    work = suiteDirectory("gp-end-to-end-");
    mirror = await createMirror(join(work, "mirror"), { snapshotDate: newestSnapshotDate() });
    server = await serveMirror(mirror);
    mirrorOptions = ["--gentoo-mirror", server.urls.gentoo, "--github-api", server.urls.api, "--github-archive", server.urls.github];
    env = { GP_CACHE_DIR: join(work, "cache"), SOURCE_DATE_EPOCH: "" };
    project = join(work, "project");
    await run("mkdir", ["-p", project]);
    copyFileSync(join(import.meta.dirname, "../fixtures/bootable/bootable.image.ts"), join(project, "bootable.image.ts"));
    writeFileSync(join(project, "system.ini"), systemIni("e2e-host", "hello-one"));
    disk = join(work, "persistent.raw");
  }, 600_000);

  afterAll(async () => {
    await server?.close();
    if (timings.length > 0) console.log(`end-to-end steps (seconds):\n${timings.map(([step, seconds]) => `  ${seconds.toFixed(1).padStart(6)}  ${step}`).join("\n")}`);
  });

  it("gp compile lowers the blueprint and gp build makes an image that carries a kernel, an initramfs and genpack-init", async () => {
    buildStarted = Date.now();
    firstImage = await timed("gp compile + gp build (first)", async () => {
      const image = await build();
      const copy = join(work, "bootable-1.squashfs");
      copyFileSync(image, copy);
      return copy;
    });
    // The second disk (no data partition) and the second build run beside the boots below.
    transientDisk = transientDiskSteps();
    secondBuild = secondBuildSteps();
    transientDisk.catch(() => {});
    secondBuild.catch(() => {});

    const genpackJson = readFileSync(join(project, "artifact/genpack.json5"), "utf8");
    expect(genpackJson).toContain('"genpack/systemimg"');
    const listing = (await run("unsquashfs", ["-lls", firstImage])).stdout;
    for (const path of ["/boot/kernel -> kernel-", "/boot/initramfs -> initramfs-", "/usr/bin/genpack-init", "/usr/lib/genpack-init/50greeter.py", "/usr/sbin/init", "/usr/bin/python3.11"]) {
      expect(listing).toContain(`squashfs-root${path}`);
    }
    // The kernel and busybox came through Portage from the mirror, once each.
    expect(server.downloads(mirror.paths.kernelDistfile)).toBe(1);
    expect(server.downloads(mirror.paths.busyboxDistfile)).toBe(1);

  }, 1_200_000);

  it("carries the greeter module's settings, and gp install refuses a system.ini that misspells one before it writes the disk", async () => {
    const schema = JSON.parse((await run("unsquashfs", ["-cat", firstImage, "/usr/share/gp/system-ini.json"])).stdout) as { properties: Record<string, { properties: Record<string, { "x-gp-module"?: string }> }> };
    expect(schema.properties["greeter"]?.properties["greeting"]).toMatchObject({ "x-gp-kind": "string", "x-gp-module": "50greeter.py", default: "hello" });
    expect(Object.keys(schema.properties["_default"]?.properties ?? {})).toEqual(expect.arrayContaining(["hostname", "timezone", "ssh_pubkey"]));
    writeFileSync(join(project, "misspelled.ini"), systemIni("e2e-host", "hello-one").replace("greeting=", "greetings="));
    const target = join(work, "refused.raw");
    writeFileSync(target, "");
    truncateSync(target, 6 * 1024 ** 3);
    const refused = await runGp(["install", firstImage, "--disk", target, "--gpt", "--yes", "--data-partition", "--system-ini", "misspelled.ini"], { cwd: project, env });
    expect(refused.exitCode, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/error GP8118: misspelled\.ini has an error against the settings of/);
    expect(refused.stderr).toMatch(/misspelled\.ini:5:1 - error GP8107: .*`greetings`/);
    expect(refused.stderr).toContain("Did you mean `greeting`?");
    // Not a byte written: the sparse file has no blocks.
    expect(statSync(target).blocks).toBe(0);
  }, 120_000);

  it("boots from a GPT disk with a data partition, applies system.ini, and keeps what the guest wrote across a reboot", async () => {
    await timed("gp install --disk (data partition)", () => install(firstImage, disk, "--data-partition", "--system-ini", "system.ini"));
    const first = await timed("boot 1: to the ready line", () => boot({ disk }, "persistent-1"));
    timings.push(["from gp build start to the first ready line", (Date.now() - buildStarted) / 1000]);
    expect(first.ready).toMatchObject({ hostname: "e2e-host", version: "1", upper: "btrfs", user: "1000", greeting: "hello-one" });
    await command(first.session, "echo written-in-the-guest > /root/note");
    await first.session.poweroff();

    const second = await timed("boot 2 (reboot): to the ready line", () => boot({ disk }, "persistent-2"));
    expect(second.ready).toMatchObject({ hostname: "e2e-host", upper: "btrfs" });
    expect(await command(second.session, "cat /root/note")).toContain("written-in-the-guest");
    await second.session.poweroff();
    // A clean shutdown leaves no boottime.txt, so GRUB waits 1 s, not 10.
    expect(await bootPartitionListing(disk)).not.toContain("boottime.txt");
  }, 900_000);

  it("takes a system.ini edited on the boot partition from the host at the next boot", async () => {
    expect((await readBootFile(disk, "system.ini"))?.toString()).toBe(systemIni("e2e-host", "hello-one"));
    await writeBootFile(disk, "system.ini", systemIni("e2e-edited", "hello-two"));
    const edited = await timed("boot 3 (edited system.ini): to the ready line", () => boot({ disk }, "persistent-3"));
    expect(edited.ready).toMatchObject({ hostname: "e2e-edited", greeting: "hello-two", version: "1" });
    expect(await command(edited.session, "cat /root/note")).toContain("written-in-the-guest");
    await edited.session.poweroff();
  }, 600_000);

  async function transientDiskSteps(): Promise<void> {
    const transient = join(work, "transient.raw");
    await timed("transient disk: gp install --disk (no data partition; beside the others)", () => install(firstImage, transient, "--system-ini", "system.ini"));
    const first = await timed("transient disk: boot 1 to the ready line", () => boot({ disk: transient }, "transient-1"));
    expect(first.ready).toMatchObject({ hostname: "e2e-host", upper: "tmpfs" });
    await command(first.session, "echo written-in-the-guest > /root/note");
    await first.session.poweroff();
    const second = await timed("transient disk: boot 2 to the ready line", () => boot({ disk: transient }, "transient-2"));
    expect((await second.session.run("cat /root/note", COMMAND_MS)).status).not.toBe(0);
    await second.session.poweroff();
  }

  it("starts clean at every boot from a disk without a data partition", async () => {
    expect(transientDisk, "started once the first build was done").toBeDefined();
    await transientDisk;
  }, 900_000);

  async function secondBuildSteps(): Promise<void> {
    const blueprint = join(project, "bootable.image.ts");
    writeFileSync(blueprint, readFileSync(blueprint, "utf8").replace('version: "1"', 'version: "2"'));
    const image = await timed("gp compile + gp build (second, version bump; beside the boots)", build);
    secondImage = join(work, "bootable-2.squashfs");
    copyFileSync(image, secondImage);
  }

  it("is updated to a second build with gp install --self-update, and rolled back with gp rollback", async () => {
    // gp vm run and the ISO boot run beside the update.
    otherBoots = otherBootSteps();
    otherBoots.catch(() => {});
    expect(secondBuild, "started once the first build was done").toBeDefined();
    await secondBuild;
    await timed("gp install --self-update (guest stopped)", () => updateStoppedDisk(disk, secondImage));
    expect(await bootPartitionListing(disk)).toEqual(expect.arrayContaining(["system.img", "system.old"]));
    const updated = await timed("boot 4 (updated): to the ready line", () => boot({ disk }, "persistent-4"));
    expect(updated.ready).toMatchObject({ version: "2", hostname: "e2e-edited" });
    expect(await command(updated.session, "cat /root/note")).toContain("written-in-the-guest");
    await updated.session.poweroff();

    await timed("gp rollback (guest stopped)", () => rollbackStoppedDisk(disk));
    const rolledBack = await timed("boot 5 (rolled back): to the ready line", () => boot({ disk }, "persistent-5"));
    expect(rolledBack.ready).toMatchObject({ version: "1" });
    await rolledBack.session.poweroff();
  }, 1_200_000);

  let vmReady: Record<string, string>;
  let isoReady: Record<string, string>;
  async function otherBootSteps(): Promise<void> {
    const vm = startGpVm({ image: firstImage, dataDisk: "1G", systemIni: join(project, "system.ini"), log: join(work, "vm.serial.log") });
    vmReady = readyFields(await timed("gp vm run: to the ready line (beside the update)", () => vm.waitFor("GP-READY ", BOOT_MS)));
    await vm.stop();
    const iso = join(work, "bootable.iso");
    await timed("gp install --iso", () => gp(["install", firstImage, "--iso", iso, "--system-ini", "system.ini", "--system-cfg", writeGuestSystemCfg(work), "--json"]));
    const booted = await timed("ISO boot: to the ready line (beside the update)", () => boot({ iso }, "iso"));
    isoReady = booted.ready;
    await booted.session.poweroff();
  }

  it("boots under gp vm run with a data disk and a system.ini, and transient from the ISO gp install writes", async () => {
    await otherBoots;
    expect(vmReady).toMatchObject({ hostname: "e2e-host", greeting: "hello-one", upper: "ext4", version: "1" });
    expect(isoReady).toMatchObject({ hostname: "e2e-host", upper: "tmpfs", version: "1" });
  }, 600_000);
});
