import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codes } from "../../../errors/codes.js";
import { hasStackTrace, jsonLines, runGp } from "../../helpers/gp.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { parseServiceConfig } from "../../../runtime/vm/service-config.js";
import { wantsRestart, withinRestartLimit } from "../../../runtime/vm/service.js";
import { readmeBlock } from "../../helpers/readme.js";

describe("gp vm service files", () => {
  it("reads gp vm run's options and the restart policy, paths from the file's directory", () => {
    const { config, problems } = parseServiceConfig(
      [
        "# nextcloud",
        "image = images/nextcloud.squashfs",
        "name = cloud",
        "memory = 4G",
        "cpus = 2",
        "data-disk = data.img",
        "net = user",
        "port-forward = 8080:80, 2222:22",
        "uefi = yes",
        "application-ini = app/application.ini",
        "[service]",
        "restart = always",
        "restart-delay = 1",
        "stop-timeout = 90",
      ].join("\n"),
      "/etc/gp/vm/cloud.ini",
    );
    expect(problems).toEqual([]);
    expect(config?.vm).toMatchObject({
      image: "/etc/gp/vm/images/nextcloud.squashfs",
      name: "cloud",
      memoryMiB: 4096,
      cpus: 2,
      dataDisk: { file: "/etc/gp/vm/data.img" },
      networks: [{ kind: "user" }],
      portForwards: [{ hostPort: 8080, guestPort: 80 }, { hostPort: 2222, guestPort: 22 }],
      uefi: true,
      applicationIni: "/etc/gp/vm/app/application.ini",
      accel: "auto",
    });
    expect(config?.policy).toEqual({ restart: "always", restartDelaySeconds: 1, restartLimit: 5, restartWindowSeconds: 300, stopTimeoutSeconds: 90 });
  });

  it("reports every mistake with its line and starts nothing", () => {
    const { config, problems } = parseServiceConfig(["image = a.squashfs", "memroy = 2G", "cpus = zero", "[vm]", "name = x", "name = y", "[extra]", "restart = sometimes"].join("\n"), "x.ini");
    expect(config).toBeUndefined();
    expect(problems).toEqual([
      { line: 2, message: expect.stringMatching(/unknown key "memroy" in \[vm\]/) },
      { line: 3, message: expect.stringMatching(/^cpus: "zero"/) },
      { line: 6, message: "name is given twice (first at line 5)" },
      { line: 7, message: expect.stringMatching(/unknown section \[extra\]/) },
    ]);
  });

  it("takes a comment after a value, as the README's example has them", () => {
    const { config, problems } = parseServiceConfig(readmeBlock("ini", 0), "/etc/gp/vm/nextcloud.ini");
    expect(problems).toEqual([]);
    expect(config?.policy).toEqual({ restart: "on-failure", restartDelaySeconds: 5, restartLimit: 5, restartWindowSeconds: 300, stopTimeoutSeconds: 60 });
    expect(config?.vm).toMatchObject({ memoryMiB: 4096, cpus: 2, dataDisk: { file: "/var/vm/nextcloud/data.img" }, serialLog: "/var/log/gp-vm/nextcloud.log" });
  });

  it("takes signed-by and signature, paths from the file's directory, and refuses a signature without signed-by", () => {
    const { config } = parseServiceConfig("image = cloud.squashfs\nsigned-by = keys/release.pub\nsignature = sigs/cloud.sig\n", "/etc/gp/vm/cloud.ini");
    expect(config?.vm.signature).toEqual({ signedBy: "/etc/gp/vm/keys/release.pub", signature: "/etc/gp/vm/sigs/cloud.sig" });
    expect(parseServiceConfig("image = cloud.squashfs\nsigned-by = /keys/release.asc\n", "/x.ini").config?.vm.signature).toEqual({ signedBy: "/keys/release.asc" });
    expect(parseServiceConfig("image = cloud.squashfs\nsignature = cloud.sig\n", "/x.ini").problems).toEqual([{ line: 2, message: "signature needs signed-by: the key file the signature must come from" }]);
  });

  it("takes display, vnc, spice and gpu as gp vm run does, and refuses a value it would refuse, at its line", () => {
    const { config } = parseServiceConfig("image = kiosk.squashfs\ndisplay = none\nvnc = unix\nspice = 5930\ngpu = virtio\n", "/etc/gp/vm/kiosk.ini");
    expect(config?.vm.screen).toEqual({ display: "none", vnc: { kind: "unix" }, spice: { kind: "tcp", host: "127.0.0.1", port: 5930 }, gpu: "virtio" });
    expect(parseServiceConfig("image = kiosk.squashfs\n", "/x.ini").config?.vm.screen).toBeUndefined();
    expect(parseServiceConfig("image = kiosk.squashfs\n\nvnc = localhost:1\n", "/x.ini").problems).toEqual([{ line: 3, message: expect.stringMatching(/^vnc: "localhost:1" is not a VNC display/) }]);
  });

  it("takes usb once per line, each line one XPath whole, commas and all", () => {
    const { config, problems } = parseServiceConfig("image = a.squashfs\nusb = //device[@idVendor='0781' and contains(@product, 'a,b')]\nusb = //interface[@class='08']\n", "/x.ini");
    expect(problems).toEqual([]);
    expect(config?.vm.usb).toEqual(["//device[@idVendor='0781' and contains(@product, 'a,b')]", "//interface[@class='08']"]);
    expect(parseServiceConfig("image = a.squashfs\n", "/x.ini").config?.vm.usb).toBeUndefined();
  });

  it("wants an image", () => {
    expect(parseServiceConfig("memory = 1G\n", "x.ini").problems).toEqual([{ line: 1, message: expect.stringMatching(/no image/) }]);
  });
});

describe("restart policy", () => {
  const policy = { restart: "on-failure", restartDelaySeconds: 0, restartLimit: 2, restartWindowSeconds: 60, stopTimeoutSeconds: 10 } as const;

  it("restarts on failure only after a failure, always after anything, never with no", () => {
    expect(wantsRestart(policy, { code: 0, signal: null })).toBe(false);
    expect(wantsRestart(policy, { code: 1, signal: null })).toBe(true);
    expect(wantsRestart(policy, { code: null, signal: "SIGKILL" })).toBe(true);
    expect(wantsRestart({ ...policy, restart: "always" }, { code: 0, signal: null })).toBe(true);
    expect(wantsRestart({ ...policy, restart: "no" }, { code: 1, signal: null })).toBe(false);
  });

  it("gives up after the limit of restarts within the window, and counts only those in it", () => {
    expect(withinRestartLimit([1000, 2000], 3000, policy)).toBe(false);
    expect(withinRestartLimit([1000], 3000, policy)).toBe(true);
    expect(withinRestartLimit([1000, 2000], 1000 + 61_000, policy)).toBe(true);
  });
});

describe("gp vm service's file", () => {
  it("is named when it is a FIFO or a directory, at once, and nothing starts", { timeout: 20_000 }, async () => {
    const directory = temporaryDirectory();
    execFileSync("mkfifo", [join(directory, "pipe.ini")]);
    const piped = await runGp(["vm", "service", join(directory, "pipe.ini")]);
    expect(piped.exitCode).toBe(1);
    expect(piped.stderr).toContain(`error ${codes.vmFileUnusable.code}: `);
    expect(piped.stderr).toContain("pipe.ini is a FIFO, not a file");
    const folder = await runGp(["vm", "service", directory]);
    expect(folder.exitCode).toBe(1);
    expect(folder.stderr).toContain(`error ${codes.vmFileUnusable.code}: ${directory} is a directory, not a file`);
    expect(hasStackTrace(piped.stderr + folder.stderr)).toBe(false);
  });

  it("names each problem at its line, then refuses the file with the code of an invalid service file, and nothing starts", { timeout: 20_000 }, async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "vm.ini");
    writeFileSync(file, "image = system.squashfs\nmemroy = 2G\n");
    const result = await runGp(["vm", "service", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`${file}:2: unknown key "memroy" in [vm]`);
    expect(result.stderr).toContain(`gp vm service: error ${codes.invalidServiceFile.code}: ${file} has 1 problem; nothing was started`);
    const json = await runGp(["vm", "service", file, "--json"]);
    expect(json.exitCode).toBe(1);
    expect(jsonLines(json.stdout).at(-1)).toEqual({ type: "result", ok: false, code: codes.invalidServiceFile.code, failure: `${file} has 1 problem; nothing was started` });
  });
});
