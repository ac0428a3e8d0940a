import { createInterface } from "node:readline/promises";
import { Command, Option } from "clipanion";
import { BaseCommand, EXIT } from "../base-command.js";
import { commandReporter } from "../build-options.js";

const UNITS: Readonly<Record<string, number>> = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** `8G`, `512MiB`, `1.5T`: bytes; undefined when it is no size. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim());
  if (match === null) return undefined;
  return Math.floor(Number(match[1]) * (UNITS[(match[2] ?? "").toUpperCase()] ?? 1));
}

export class InstallCommand extends BaseCommand {
  static override paths = [["install"]];
  static override usage = Command.Usage({
    description: "write a system image to a disk or a raw disk image file",
    details: `
      Lays the image out the way genpack does: a FAT32 boot partition holding the boot loaders
      (GRUB for UEFI, and for BIOS on x86), system.img, system.ini and system.cfg, and with
      --data-partition a btrfs partition labelled data-<UUID> for the persistent upper layer.
      The partitions follow genpack's rule: the boot partition holds the image three times over
      (at least 4 GiB); an image of 4 GiB or more goes to the data partition.

      The image is checked first (a whole SquashFS, /.genpack naming a known arch, a kernel for
      that arch), and so is the target: a disk that is mounted, held by LVM or RAID, opened by
      someone else, or holding the running system is refused. A block device is only written
      after a yes (or --yes). The image is read back and compared when it has been written.
    `,
    examples: [
      ["Write an image to a USB stick", "$0 install nextcloud-x86_64.squashfs --disk /dev/sdb"],
      ["Make a raw disk image for a virtual machine", "truncate -s 8G disk.raw && $0 install nextcloud-x86_64.squashfs --disk disk.raw --data-partition"],
    ],
  });
  image = Option.String({ name: "image.squashfs" });
  disk = Option.String("--disk", { description: "The disk (/dev/sdX) or raw image file to write" });
  systemIni = Option.String("--system-ini", { description: "A system.ini to put on the boot partition (default: a commented one)" });
  systemCfg = Option.String("--system-cfg", { description: "A system.cfg (GRUB: LINUX_ARGS) to put on the boot partition" });
  label = Option.String("--label", { description: "Volume label of the boot partition" });
  gpt = Option.Boolean("--gpt", false, { description: "GPT even where genpack would use MBR (disks up to 2 TiB)" });
  dataPartition = Option.String("--data-partition", { tolerateBoolean: true, description: "Add a data partition: the rest of the disk, or =SIZE (8G)" });
  yes = Option.Boolean("--yes,-y", false, { description: "Write a block device without asking" });

  async run(): Promise<number> {
    const fail = (message: string) => {
      if (this.json) this.printJson({ type: "result", ok: false, failure: message });
      else this.context.stderr.write(`gp install: ${message}\n`);
      return EXIT.userError;
    };
    if (this.disk === undefined) return fail("say where to install: --disk DEVICE|FILE.");
    let dataPartition: "rest" | number | undefined;
    if (this.dataPartition === true) dataPartition = "rest";
    else if (typeof this.dataPartition === "string") {
      const size = parseSize(this.dataPartition);
      if (size === undefined) return fail(`--data-partition=${this.dataPartition} is not a size; write it as 8G, 512M or 1T.`);
      dataPartition = size;
    }
    if (process.getuid?.() !== 0) return fail("writing a disk needs root (partitioning, loop devices).");

    const { inspectSystemImage } = await import("../../runtime/install/system-image.js");
    const { installToDisk } = await import("../../runtime/install/install-disk.js");
    const { InstallProblem } = await import("../../runtime/install/install-problem.js");
    const { cacheLayout } = await import("../../runtime/build/work-layout.js");
    const { PhaseReport } = await import("../../runtime/report/reporter.js");
    const { describeFailure } = await import("../../runtime/build/build.js");
    const reporter = commandReporter(this.json, this.context);
    const report = new PhaseReport(reporter, "install");
    try {
      const image = await inspectSystemImage(this.image);
      report.info(`${this.image}: ${image.artifact}${image.variant === undefined ? "" : ` (${image.variant})`} for ${image.arch}, ${(image.size / 1024 ** 2).toFixed(1)} MiB`);
      const result = await installToDisk({
        image,
        target: this.disk,
        gpt: this.gpt,
        cacheDir: cacheLayout().root,
        report,
        confirm: (question) => this.confirm(question),
        ...(this.systemIni === undefined ? {} : { systemIni: this.systemIni }),
        ...(this.systemCfg === undefined ? {} : { systemCfg: this.systemCfg }),
        ...(this.label === undefined ? {} : { label: this.label }),
        ...(dataPartition === undefined ? {} : { dataPartition }),
      });
      reporter.close();
      const boots = result.bios ? "UEFI and BIOS" : "UEFI";
      if (this.json) this.printJson({ type: "result", ok: true, disk: this.disk, table: result.plan.table, bootUuid: result.bootUuid, boots: result.bios ? ["uefi", "bios"] : ["uefi"], loaders: result.loaders, sha256: result.sha256 });
      else this.context.stdout.write(`installed ${image.artifact} on ${this.disk} (${result.plan.table === "mbr" ? "MBR" : "GPT"}, boot partition ${result.bootUuid}${result.plan.data === undefined ? "" : `, data partition data-${result.bootUuid}`}); boots on ${boots}\n`);
      return EXIT.ok;
    } catch (problem) {
      reporter.close();
      if (problem instanceof InstallProblem) return fail(problem.message);
      const message = describeFailure(problem);
      if (message !== undefined) return fail(message);
      throw problem;
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
