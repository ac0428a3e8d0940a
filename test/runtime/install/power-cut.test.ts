import { execFileSync } from "node:child_process";
import { writeFileSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runGp } from "../../helpers/gp.js";
import { suiteDirectory } from "../../helpers/temp.js";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { bootInQemu, bootSupport, makeBootImage, readBootFile, runSelfUpdateInQemu, updaterSupport, writeGuestSystemCfg, type BootImage } from "../../fixtures/boot/index.js";
import { skipFor } from "../../helpers/skip.js";
import { GUEST_CONCURRENCY, mapConcurrently } from "../../helpers/parallel.js";

/**
 * The fault-injection matrix of the self-update: a disk made by `gp install` with the "old"
 * image, updated to the "new" one by gp running inside a QEMU guest (whose kernel mounts the FAT
 * boot partition as a real system does), with the power cut (QEMU killed) right after each step gp
 * reports: what the guest had not flushed is lost, what it had is kept. Every resulting disk must
 * still boot an image, old or new; after the last step it must boot the new one. The same for
 * `gp rollback`. Each power-cut point works on its own copy of the disk, so the points run side by
 * side, one guest per core.
 */
const boot = bootSupport();
const updater = updaterSupport();
const root = process.getuid?.() === 0 ? "" : "gp install --disk needs root";
if (root !== "" && process.env["CI"] === "true") throw new Error(`CI must be able to run the power-cut tests, but ${root}`);
const available = boot.available && updater.available && root === "";
const reason = [boot.reason, updater.reason, root].filter((text) => text !== "").join("; ");

describe("self-update and rollback under power cuts", skipFor(available ? undefined : reason), () => {
  let work: string;
  let oldImage: BootImage;
  let newImage: BootImage;
  let base: string;
  let copies = 0;

  /** A fresh copy of the installed disk (sparse, so a copy costs nothing). */
  const copyOfBase = (): string => {
    const disk = join(work, `disk-${(copies += 1)}.raw`);
    execFileSync("cp", ["--sparse=always", base, disk]);
    return disk;
  };

  /** The marker of the image the disk boots ("old" or "new"), booting it under UEFI. */
  const bootedMarker = async (disk: string, what: string): Promise<string> => {
    const result = await bootInQemu({ disk, firmware: "uefi" });
    expect(result.report, `${what}: the disk did not boot; the console said:\n${result.output.slice(-3000)}`).toBeDefined();
    return result.report?.marker ?? "";
  };

  beforeAll(async () => {
    work = suiteDirectory("gp-power-cut-");
    oldImage = await makeBootImage({ output: join(work, "old.squashfs"), artifact: "appliance", marker: "old" });
    newImage = await makeBootImage({ output: join(work, "new.squashfs"), artifact: "appliance", marker: "new" });
    base = join(work, "base.raw");
    writeFileSync(base, "");
    truncateSync(base, 5 * 1024 ** 3);
    const ini = join(work, "system.ini");
    writeFileSync(ini, "hostname=power-cut\n");
    const installed = await runGp(["install", oldImage.path, "--disk", base, "--system-ini", ini, "--system-cfg", writeGuestSystemCfg(work)], { cwd: work });
    if (installed.exitCode !== 0) throw new Error(`gp install failed:\n${installed.stderr}`);
  }, 600_000);

  /**
   * The uninterrupted update, run once for both matrices: its steps are the update's power-cut
   * points, and a copy of its disk (updated, never booted) is where every rollback starts.
   */
  let updated: Promise<{ readonly steps: readonly string[]; readonly disk: string }> | undefined;
  const uninterruptedUpdate = () =>
    (updated ??= (async () => {
      const disk = copyOfBase();
      const update = await runSelfUpdateInQemu({ disk, newImage: newImage.path });
      expect(update.exitCode, update.output.slice(-3000)).toBe(0);
      expect(update.result).toMatchObject({ ok: true });
      const kept = join(work, "updated.raw");
      execFileSync("cp", ["--sparse=always", disk, kept]);
      return { steps: update.steps, disk };
    })());

  /** A fresh copy of the disk the uninterrupted update left. */
  const copyOfUpdated = async (name: string): Promise<string> => {
    await uninterruptedUpdate();
    const disk = join(work, name);
    execFileSync("cp", ["--sparse=always", join(work, "updated.raw"), disk]);
    return disk;
  };

  it("boots the new image after an uninterrupted update, and the old or the new one after a power cut at every step of it", async () => {
    const reference = await uninterruptedUpdate();
    const steps = reference.steps;
    expect(steps.length).toBeGreaterThanOrEqual(4);
    // Point 0 boots the disk the uninterrupted update left; the last point cuts the power right after gp finished.
    const points = Array.from({ length: steps.length + 2 }, (_, index) => index);
    const outcomes = await mapConcurrently(points, GUEST_CONCURRENCY, async (step) => {
      if (step === 0) {
        expect(await bootedMarker(reference.disk, "after the uninterrupted update")).toBe("new");
        return "uninterrupted -> new";
      }
      const disk = copyOfBase();
      if (step > steps.length) {
        // Right after gp reports success, before anything else flushes: the new image boots and the old one is kept whole.
        const done = await runSelfUpdateInQemu({ disk, newImage: newImage.path, powerCutAfterExit: true });
        expect(done.poweredCut && done.exitCode === 0).toBe(true);
        expect(await bootedMarker(disk, "power cut right after gp finished")).toBe("new");
        const sha256 = (bytes: Buffer | undefined) => createHash("sha256").update(bytes ?? Buffer.alloc(0)).digest("hex");
        expect(sha256(await readBootFile(disk, "system.old"))).toBe(sha256(readFileSync(oldImage.path)));
        return "finished -> new";
      }
      const cut = await runSelfUpdateInQemu({ disk, newImage: newImage.path, powerCutAfterStep: step });
      expect(cut.poweredCut, `the power was not cut after step ${step}`).toBe(true);
      const marker = await bootedMarker(disk, `power cut after "${steps[step - 1]}"`);
      expect(["old", "new"]).toContain(marker);
      return `${steps[step - 1]} -> ${marker}`;
    });
    console.info(`power cuts during the update (${outcomes.length} points, all bootable):\n  ${outcomes.join("\n  ")}`);
  }, 1_800_000);

  it("boots the old image after an uninterrupted rollback, and the old or the new one after a power cut at every step of it", async () => {
    const referenceDisk = await copyOfUpdated("rollback-reference.raw");
    const reference = await runSelfUpdateInQemu({ disk: referenceDisk, command: "rollback" });
    expect(reference.exitCode, reference.output.slice(-3000)).toBe(0);
    const points = Array.from({ length: reference.steps.length + 2 }, (_, index) => index);
    const outcomes = await mapConcurrently(points, GUEST_CONCURRENCY, async (step) => {
      if (step === 0) {
        expect(await bootedMarker(referenceDisk, "after the uninterrupted rollback")).toBe("old");
        return "uninterrupted -> old";
      }
      const finished = step > reference.steps.length;
      const disk = await copyOfUpdated(finished ? "rollback-finished.raw" : `rollback-${step}.raw`);
      if (finished) {
        const done = await runSelfUpdateInQemu({ disk, command: "rollback", powerCutAfterExit: true });
        expect(done.poweredCut && done.exitCode === 0).toBe(true);
        expect(await bootedMarker(disk, "power cut right after the rollback finished")).toBe("old");
        return "finished -> old";
      }
      const cut = await runSelfUpdateInQemu({ disk, command: "rollback", powerCutAfterStep: step });
      expect(cut.poweredCut).toBe(true);
      const marker = await bootedMarker(disk, `power cut after rollback step "${reference.steps[step - 1]}"`);
      expect(["old", "new"]).toContain(marker);
      return `${reference.steps[step - 1]} -> ${marker}`;
    });
    console.info(`power cuts during the rollback (${outcomes.length} points, all bootable):\n  ${outcomes.join("\n  ")}`);
  }, 1_800_000);
});
