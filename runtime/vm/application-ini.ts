import { codes } from "../../errors/codes.js";
import { inspectInputFile, readInputFile } from "../../host/input-file.js";
import { VmProblem } from "./vm-problem.js";

/**
 * `--application-ini FILE`: settings for the application in the guest, passed as the fw_cfg
 * entry the reference VM tool names `opt/application.ini` (the guest reads it from
 * /sys/firmware/qemu_fw_cfg/by_name/opt/application.ini/raw). gp does not read its content.
 */
export const APPLICATION_INI_FW_CFG = "opt/application.ini";

/** The largest file the reference VM tool passes; fw_cfg entries are held in QEMU's memory. */
export const APPLICATION_INI_MAX_BYTES = 4 * 1024 ** 2;

/**
 * The bytes of the application.ini at `path`, read now, so that a FIFO, a directory or a file
 * too large is named before anything starts and the guest gets what the file held at the start.
 * The size is looked at before reading: a huge file is refused without being read.
 */
export function readApplicationIni(path: string): Buffer {
  const refuse = (reason: string) => new VmProblem(codes.vmFileUnusable, `--application-ini ${path} ${reason}`);
  const inspected = inspectInputFile(path);
  if (!inspected.ok) throw refuse(inspected.reason);
  if (inspected.stats.size > APPLICATION_INI_MAX_BYTES) throw refuse(tooLarge(inspected.stats.size));
  const read = readInputFile(path);
  if (!read.ok) throw refuse(read.reason);
  // The file may have grown between the look and the read.
  if (read.data.length > APPLICATION_INI_MAX_BYTES) throw refuse(tooLarge(read.data.length));
  return read.data;
}

function tooLarge(bytes: number): string {
  return `is ${bytes} bytes; fw_cfg passes at most ${APPLICATION_INI_MAX_BYTES} (4 MiB)`;
}
