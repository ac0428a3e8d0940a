import { createInterface } from "node:readline/promises";
import { Command } from "clipanion";
import { codes, type CodeEntry } from "../../errors/codes.js";
import type { SignatureCheck } from "../../runtime/signature/index.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { readSignatureCheck, signatureOptions } from "../option-groups.js";
import { Option } from "../options.js";

export interface InstallCommand extends ReturnType<typeof signatureOptions> {}

export class InstallCommand extends BaseCommand {
  static override paths = [["install"]];
  static override usage = Command.Usage({
    description: "write a system image to a disk or a raw disk image file",
    details: `
      With --disk, lays the image out the way genpack does: a FAT32 boot partition holding the boot loaders
      (GRUB for UEFI, and for BIOS on x86), system.img, system.ini and system.cfg, and with
      --data-partition a btrfs partition labelled data-<UUID> for the persistent upper layer.
      The partitions follow genpack's rule: the boot partition holds the image three times over
      (at least 4 GiB); an image of 4 GiB or more goes to the data partition.

      The image is checked first (a whole SquashFS, /.genpack naming a known arch, a kernel for
      that arch), and so is the target: a disk that is mounted, held by LVM or RAID, opened by
      someone else, or holding the running system is refused. A block device is only written
      after a yes (or --yes). The image is read back and compared when it has been written.

      system.ini is checked against the settings the image reads (as gp ini check --image does)
      before anything is written: an error refuses, warnings are printed. Without --system-ini,
      the image's own is written: every setting as a comment under its doc, the values the
      blueprint gives (systemIni) as real lines. system-ini.html, a form that opens, checks and
      saves system.ini in any browser, is written beside it.

      --self-update writes the new image beside the running one and switches to it; with
      --system-ini it also replaces the boot partition's system.ini, checked first against the
      new image. Without it the existing system.ini stays, and what the new image would say of
      it is printed.

      --iso makes a hybrid ISO that boots from a CD or a USB stick on BIOS and UEFI (transient:
      it has no data partition); --zip puts the boot partition's files in a ZIP to unpack onto a
      FAT32 stick. Both are written aside and renamed into place when complete.

      With --signed-by KEYFILE, every way of installing first checks the image's detached
      signature (IMAGE.sig, or --signature FILE) as gp verify does, and refuses an image that is
      not signed by a key of that file before anything is read from it or written.
    `,
    examples: [
      ["Write an image to a USB stick", "$0 install nextcloud-x86_64.squashfs --disk /dev/sdb"],
      ["Make a raw disk image for a virtual machine", "truncate -s 8G disk.raw && $0 install nextcloud-x86_64.squashfs --disk disk.raw --data-partition"],
      ["Make an ISO", "$0 install nextcloud-x86_64.squashfs --iso nextcloud.iso"],
      ["Update this system to an image signed by the release key", "$0 install nextcloud-x86_64.squashfs --self-update --signed-by release.asc"],
    ],
  });
  image = Option.String({ name: "image.squashfs" });
  disk = Option.String("--disk", { description: "The disk (/dev/sdX) or raw image file to write" });
  iso = Option.String("--iso", { description: "Write a hybrid ISO (CD or USB, BIOS and UEFI) to this file" });
  zip = Option.String("--zip", { description: "Write the boot partition's files as a ZIP to this file" });
  systemIni = Option.String("--system-ini", { description: "A system.ini to put on the boot partition, checked against the image first (default: the image's own, every setting commented)" });
  systemCfg = Option.String("--system-cfg", { description: "A system.cfg (GRUB: LINUX_ARGS) to put on the boot partition" });
  label = Option.String("--label", { description: "Volume label of the boot partition" });
  gpt = Option.Boolean("--gpt", false, { description: "GPT even where genpack would use MBR (disks up to 2 TiB)" });
  dataPartition = Option.String("--data-partition", { tolerateBoolean: true, description: "Add a data partition: the rest of the disk, or =SIZE (8G)" });
  yes = Option.Boolean("--yes,-y", false, { description: "Write a block device without asking" });
  selfUpdate = Option.Boolean("--self-update", false, { description: "Update the installed system (the running one, or --boot-dir) to this image" });
  bootDir = Option.String("--boot-dir", { description: "With --self-update: the boot partition (or data partition) holding system.img" });
  sha256 = Option.String("--sha256", { description: "With --self-update: the SHA-256 the image must have" });
  allowOtherArtifact = Option.Boolean("--allow-other-artifact", false, { description: "With --self-update: switch to an image of another artifact" });

  constructor() {
    super(signatureOptions());
  }

  async run(): Promise<number> {
    const signature = readSignatureCheck(this);
    const fail = async (code: CodeEntry, message: string) => {
      const { InstallProblem } = await import("../../runtime/install/index.js");
      return this.printFailure(new InstallProblem(code, message));
    };
    if (this.selfUpdate) {
      if (this.disk !== undefined || this.iso !== undefined || this.zip !== undefined) return fail(codes.installRefused, "--self-update updates an installed system; it does not go with --disk, --iso or --zip.");
      return this.runSelfUpdate(fail, signature);
    }
    for (const [given, option] of [[this.bootDir, "--boot-dir"], [this.sha256, "--sha256"]] as const) {
      if (given !== undefined) return fail(codes.installRefused, `${option} goes with --self-update only.`);
    }
    if (this.disk === undefined && this.iso === undefined && this.zip === undefined) return fail(codes.installRefused, "say where to install: --disk DEVICE|FILE, --iso FILE or --zip FILE, or --self-update.");
    const { commandReporter, installImage, readBootFiles, readWrittenSize } = await import("../../runtime/install/index.js");
    let dataPartition: "rest" | number | undefined;
    if (this.dataPartition === true) dataPartition = "rest";
    else if (typeof this.dataPartition === "string") {
      const size = readWrittenSize(this.dataPartition)?.bytes;
      if (size === undefined) return fail(codes.installRefused, `--data-partition=${this.dataPartition} is not a size; write it as 8G, 512M or 1T.`);
      dataPartition = size;
    }
    if (this.disk !== undefined && process.getuid?.() !== 0) return fail(codes.installNeedsRoot, "writing a disk needs root (partitioning, loop devices).");
    const boot = readBootFiles({ ...(this.systemIni === undefined ? {} : { systemIni: this.systemIni }), ...(this.systemCfg === undefined ? {} : { systemCfg: this.systemCfg }) });
    if ("unreadable" in boot) return fail(codes.notAFile, `${boot.unreadable === "systemIni" ? "--system-ini" : "--system-cfg"} ${boot.path} ${boot.reason}.`);

    const { interruptOnSignals } = await import("../interrupt.js");
    const reporter = commandReporter(this.reportTarget());
    const interrupt = interruptOnSignals(this.context.stderr, "the running step is being stopped and loop devices detached; the target is left incomplete");
    try {
      const { image, disk, iso, zip } = await installImage({
        image: this.image,
        ...(this.disk === undefined ? {} : { disk: this.disk }),
        ...(this.iso === undefined ? {} : { iso: this.iso }),
        ...(this.zip === undefined ? {} : { zip: this.zip }),
        bootFiles: boot.files,
        ...(signature === undefined ? {} : { signature }),
        gpt: this.gpt,
        ...(this.label === undefined ? {} : { label: this.label }),
        ...(dataPartition === undefined ? {} : { dataPartition }),
        confirm: (question) => this.confirm(question),
        reporter,
        signal: interrupt.signal,
      });
      const results: Record<string, unknown>[] = [];
      const lines: string[] = [];
      if (disk !== undefined) {
        results.push({ disk: this.disk, table: disk.plan.table, bootUuid: disk.bootUuid, boots: disk.bios ? ["uefi", "bios"] : ["uefi"], loaders: disk.loaders, sha256: disk.sha256 });
        lines.push(`installed ${image.artifact} on ${this.disk} (${disk.plan.table === "mbr" ? "MBR" : "GPT"}, boot partition ${disk.bootUuid}${disk.plan.data === undefined ? "" : `, data partition data-${disk.bootUuid}`}); boots on ${disk.bios ? "UEFI and BIOS" : "UEFI"}`);
      }
      if (iso !== undefined) {
        results.push({ iso: this.iso, size: iso.size, boots: iso.bios ? ["uefi", "bios"] : ["uefi"] });
        lines.push(`wrote ${this.iso} (${(iso.size / 1024 ** 2).toFixed(1)} MiB); boots from CD or USB on ${iso.bios ? "UEFI and BIOS" : "UEFI"}`);
      }
      if (zip !== undefined) {
        results.push({ zip: this.zip, size: zip.size });
        lines.push(`wrote ${this.zip} (${(zip.size / 1024 ** 2).toFixed(1)} MiB); unpack it onto a FAT32 stick`);
      }
      reporter.close();
      if (this.json) this.printJson({ type: "result", ok: true, ...Object.assign({}, ...results) });
      else this.context.stdout.write(`${lines.join("\n")}\n`);
      return EXIT.ok;
    } catch (problem) {
      reporter.close();
      const status = this.printFailure(problem);
      return status === EXIT.userError && interrupt.interrupted() ? 130 : status;
    } finally {
      interrupt.dispose();
    }
  }

  private async runSelfUpdate(fail: (code: CodeEntry, message: string) => Promise<number>, signature: SignatureCheck | undefined): Promise<number> {
    if (this.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(this.sha256)) return fail(codes.installRefused, `--sha256 ${this.sha256} is not a SHA-256 (64 hexadecimal digits).`);
    const { commandReporter, PhaseReport, readBootFiles, selfUpdate } = await import("../../runtime/install/index.js");
    if (this.systemCfg !== undefined) return fail(codes.installRefused, "--system-cfg goes with --disk, --iso or --zip; a self-update keeps the boot partition's system.cfg.");
    const boot = readBootFiles(this.systemIni === undefined ? {} : { systemIni: this.systemIni });
    if ("unreadable" in boot) return fail(codes.notAFile, `--system-ini ${boot.path} ${boot.reason}.`);
    const { systemIni, systemIniPath } = boot.files;
    const reporter = commandReporter(this.reportTarget());
    const report = new PhaseReport(reporter, "self-update");
    try {
      const result = await selfUpdate({
        image: this.image,
        allowOtherArtifact: this.allowOtherArtifact,
        report,
        ...(this.bootDir === undefined ? {} : { bootDir: this.bootDir }),
        ...(this.sha256 === undefined ? {} : { sha256: this.sha256 }),
        ...(signature === undefined ? {} : { signature }),
        ...(systemIni === undefined ? {} : { systemIni: { path: systemIniPath ?? this.systemIni ?? "system.ini", bytes: systemIni } }),
      });
      reporter.close();
      if (this.json) this.printJson({ type: "result", ok: true, bootDir: result.slots.directory, from: result.from, to: result.to, loadersUpdated: result.loadersUpdated });
      else this.context.stdout.write(`updated ${result.slots.directory}: ${result.to.artifact} boots next; the previous image is kept as system.old (gp rollback returns to it)\n`);
      return EXIT.ok;
    } catch (problem) {
      reporter.close();
      return this.printFailure(problem);
    }
  }

  private async confirm(question: string): Promise<boolean> {
    if (this.yes) return true;
    const input = process.stdin;
    if (input.isTTY !== true) {
      this.context.stderr.write(`gp install: ${question}\nThere is no terminal to answer on; give --yes to write the disk.\n`);
      return false;
    }
    const prompt = createInterface({ input, output: this.context.stderr as NodeJS.WritableStream });
    try {
      const answer = await prompt.question(`${question} [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      prompt.close();
    }
  }
}
