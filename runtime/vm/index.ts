/**
 * The virtual machines `gp vm` runs, as the command line uses them: options read from their
 * text, a VM run and supervised, listed, stopped, reached by console or SSH, kept as a service.
 */
export { parseDataDisk, parseMemory, parseNetwork, parsePortForward, duplicateForward } from "./vm-options.js";
export { parseShare, duplicateTag } from "./shared-folder.js";
export { parseDisplay, parseGpu, parseSpice, parseVnc } from "./screen.js";
export type { ScreenRequest } from "./screen.js";
export { takeScreenshot } from "./screenshot.js";
export { runVm } from "./run-vm.js";
export type { RunVmEvents, RunVmOptions, VmRunEnd, VmSummary } from "./run-vm.js";
export { attachConsole } from "./console-session.js";
export { listVms, formatUptime } from "./list-vms.js";
export { showVms } from "./show-vms.js";
export type { VmDetails } from "./show-vms.js";
export { vmCid } from "./vm-cid.js";
export { stopVm } from "./stop-vm.js";
export { vmStatus } from "./runtime-directory.js";
export { runtimeRoot, vmPaths } from "./runtime-paths.js";
export { sshArguments, SYSTEMD_SSH_PROXY_PATHS } from "./ssh-command.js";
export { readServiceFile } from "./service-file.js";
export { runService } from "./service.js";
export { hasCommand, startProgram } from "../../host/exec.js";
export { VmProblem } from "./vm-problem.js";
export { allocateDisk, parseAllocationSize } from "./allocate-disk.js";
export { expandVm } from "./expand-disk.js";
export { humanSize } from "../diff/render-diff.js";
export { hostUsbDevices, usbSysfsRoot } from "./usb/usb-passthrough.js";
export { queryUsbDevices } from "./usb/usb-query.js";
export { usbDocumentText } from "./usb/usb-document.js";
export { usbTable } from "./usb/usb-table.js";
export type { UsbDevice, UsbInterface } from "./usb/usb-device.js";
