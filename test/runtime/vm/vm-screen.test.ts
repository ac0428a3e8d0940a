import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootSupport, makeBootImage, type BootImage } from "../../fixtures/boot/index.js";
import { hasStackTrace, jsonLines, runGp } from "../../helpers/gp.js";
import { suiteDirectory } from "../../helpers/temp.js";
import { skipFor } from "../../helpers/skip.js";
import { BOOT_TIMEOUT_MS, testVmName, VM_ROOT, vmTracker, waitFor } from "../../helpers/test-vms.js";
import { codes, type CodeEntry } from "../../../errors/codes.js";
import { QmpClient } from "../../../runtime/vm/qmp-client.js";
import { vmPaths } from "../../../runtime/vm/runtime-paths.js";
import { probeScreenSupport } from "../../../runtime/vm/screen-support.js";

/**
 * `gp vm run` with a screen, and `gp vm screenshot`, with real QEMU on the boot fixture's image:
 * its kernel prints its messages on the screen (console=tty0, which gp adds for a VM with a
 * screen) while the fixture's markers go to the serial console as before. One VM boots to its
 * ready line; one more is only started, to be refused a screenshot.
 */
const support = bootSupport();
/** The kernel's text on a VGA text console is light grey (QEMU draws it 0xa8a8a8) on black: a light pixel is text. */
const isLight = (r: number, g: number, b: number) => r >= 0x80 && g >= 0x80 && b >= 0x80;
/** VGA text mode 3: 80×25 character cells of 9×16 pixels, its text memory at 0xb8000 (a character byte and an attribute byte per cell). */
const COLUMNS = 80;
const ROWS = 25;
const CELL = { width: 9, height: 16 };
const TEXT_MEMORY = 0xb8000;

/** For each cell of the text screen, whether the text the guest put there is a character that draws something. */
function charactersInMemory(memory: Buffer): boolean[] {
  return Array.from({ length: COLUMNS * ROWS }, (_, cell) => ![0x00, 0x20, 0xff].includes(memory[cell * 2]!));
}

/** For each cell of the text screen, whether the picture has text-coloured pixels in it. */
function inkInPicture(png: PNG): boolean[] {
  return Array.from({ length: COLUMNS * ROWS }, (_, cell) => {
    const [left, top] = [(cell % COLUMNS) * CELL.width, Math.floor(cell / COLUMNS) * CELL.height];
    for (let y = top; y < top + CELL.height; y += 1) {
      for (let x = left; x < left + CELL.width; x += 1) {
        const at = (y * png.width + x) * 4;
        if (isLight(png.data[at]!, png.data[at + 1]!, png.data[at + 2]!)) return true;
      }
    }
    return false;
  });
}

/**
 * Pauses the guest (so the screen stands still) and reads the text its screen shows, over the
 * VM's QMP socket. Linux's VGA console scrolls by moving where the screen starts in the text
 * memory (CRTC registers 0x0c and 0x0d, in cells), so that start is read first.
 */
async function pauseAndReadScreenText(name: string, into: string): Promise<Buffer> {
  const qmp = await QmpClient.connect(vmPaths(VM_ROOT, name).qmp, { timeoutMs: 10_000 });
  try {
    await qmp.execute("stop");
    const crtc = async (index: number): Promise<number> => {
      await qmp.execute("human-monitor-command", { "command-line": `o /b 0x3d4 ${index}` });
      const said = await qmp.execute<string>("human-monitor-command", { "command-line": "i /b 0x3d5" });
      const value = /= (0x[0-9a-f]+)/i.exec(said)?.[1];
      if (value === undefined) throw new Error(`QEMU's monitor did not read CRTC register ${index}: ${said}`);
      return Number(value);
    };
    const start = ((await crtc(0x0c)) << 8) | (await crtc(0x0d));
    await qmp.execute("pmemsave", { val: TEXT_MEMORY + start * 2, size: COLUMNS * ROWS * 2, filename: into });
  } finally {
    qmp.close();
  }
  return readFileSync(into);
}

let work: string;
let image: BootImage;
const vms = vmTracker();

async function runDetached(name: string, extra: readonly string[]): Promise<void> {
  vms.track(name);
  const result = await runGp(["vm", "run", image.path, "--name", name, "--memory", "512", "--net", "none", "--accel", "tcg", "--detach", "--json", ...extra]);
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
}

describe("gp vm screens", skipFor(support.available ? undefined : support.reason), () => {
  beforeAll(async () => {
    work = suiteDirectory("gp-vm-screen-");
    image = await makeBootImage({ output: join(work, "system.squashfs"), artifact: "screenfixture", marker: "screen" });
  }, 300_000);

  afterAll(async () => {
    await vms.stopLeftovers();
  }, 60_000);

  it("refuses a display, card or screen option the host or its QEMU lacks, naming what to install, before anything starts", async () => {
    const name = testVmName("screen-refused");
    const host = await probeScreenSupport("qemu-system-x86_64", "x86_64");
    const missingWindows = (["gtk", "sdl"] as const).filter((display) => !host.displays.includes(display));
    const cases: [string[], CodeEntry, RegExp][] = [
      ...missingWindows.map((display): [string[], CodeEntry, RegExp] => [["--display", display], codes.displayUnavailable, new RegExp(`--display ${display}: this host's QEMU has no ${display} display .*install the Debian package qemu-system-gui`)]),
      ...(host.renderNode === undefined
        ? [
            [["--gpu", "virgl"], codes.displayUnavailable, /--gpu virgl: .*use --gpu virtio/] as [string[], CodeEntry, RegExp],
            [["--display", "egl-headless"], codes.displayUnavailable, /--display egl-headless draws on the host's GPU, and this host has no GPU render node/] as [string[], CodeEntry, RegExp],
          ]
        : []),
      [["--display", "x11"], codes.vmOptionInvalid, /--display: "x11" is not a display; give none, gtk, sdl, egl-headless/],
      [["--vnc", "70000"], codes.vmOptionInvalid, /--vnc: "70000" is not a VNC display/],
      [["--vnc", "unix:relative.sock"], codes.vmOptionInvalid, /give an absolute path after unix:/],
      [["--spice", "localhost:5930"], codes.vmOptionInvalid, /--spice: "localhost:5930" is not a SPICE port/],
      [["--gpu", "cirrus"], codes.vmOptionInvalid, /--gpu: "cirrus" is not a graphics card/],
    ];
    // The CI host has no qemu-system-gui, so the missing window is tested there.
    if (process.env["CI"] === "true") expect(missingWindows).toEqual(["gtk", "sdl"]);
    for (const [extra, code, message] of cases) {
      const result = await runGp(["vm", "run", image.path, "--name", name, ...extra]);
      expect(result.exitCode, extra.join(" ")).toBe(1);
      expect(result.stderr, extra.join(" ")).toMatch(message);
      expect(result.stderr, extra.join(" ")).toContain(`error ${code.code}: `);
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(existsSync(join(VM_ROOT, name)), extra.join(" ")).toBe(false);
    }
    const absent = await runGp(["vm", "screenshot", name, "-o", join(work, "absent.png")]);
    expect(absent.exitCode).toBe(1);
    expect(absent.stderr).toContain(`error ${codes.noSuchVm.code}: no VM named ${name} is running`);
  }, 120_000);

  it("draws the kernel's text console on a VNC-only screen, and gp vm screenshot saves it as a PNG of the VGA text mode's size", async () => {
    const name = testVmName("screen-vnc");
    const log = join(work, "vnc-serial.log");
    const began = Date.now();
    await runDetached(name, ["--display", "none", "--vnc", "unix", "--serial-log", log]);
    // gp vm run put the VNC server on a socket in the runtime directory, and gp vm show says where.
    expect(existsSync(join(VM_ROOT, name, "vnc.sock"))).toBe(true);
    const shown = await runGp(["vm", "show", name, "--json"]);
    expect(jsonLines(shown.stdout)[0]).toMatchObject({ type: "vm", name, screen: { display: "none", device: "virtio-vga", vnc: { kind: "unix", path: join(VM_ROOT, name, "vnc.sock") } } });
    expect((await runGp(["vm", "show", name])).stdout).toContain(`screen:   virtio-vga, display none, VNC ${join(VM_ROOT, name, "vnc.sock")}\n`);
    await waitFor("GP-VM-READY", () => (existsSync(log) && readFileSync(log, "utf8").includes("GP-VM-READY") ? true : undefined));
    console.log(`gp vm run --display none --vnc unix to the guest's marker: ${((Date.now() - began) / 1000).toFixed(1)} s`);

    const textMemory = await pauseAndReadScreenText(name, join(work, "screen-text.bin"));
    const shots = join(work, "shots");
    mkdirSync(shots, { recursive: true });
    const output = join(shots, "screen.png");
    const result = await runGp(["vm", "screenshot", name, "-o", output, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const reported = jsonLines(result.stdout).find((line) => line["type"] === "result");
    expect(reported).toMatchObject({ ok: true, name, path: output, width: 720, height: 400 });

    // A PNG another decoder reads: 80x25 characters of 9x16 pixels.
    const png = PNG.sync.read(readFileSync(output));
    expect([png.width, png.height]).toEqual([720, 400]);
    // The picture shows the console's text: a cell is drawn exactly where the guest's text
    // memory holds a character (the cursor may add one drawn cell that holds none).
    const characters = charactersInMemory(textMemory);
    const ink = inkInPicture(png);
    expect(characters.filter(Boolean).length, "the kernel's messages fill the screen").toBeGreaterThan(500);
    const unseen = characters.flatMap((present, cell) => (present && !ink[cell] ? [cell] : []));
    const unexplained = ink.flatMap((drawn, cell) => (drawn && !characters[cell] ? [cell] : []));
    expect(unseen, "cells with a character that the picture leaves blank").toEqual([]);
    expect(unexplained.length, `cells drawn without a character: ${unexplained.join(", ")}`).toBeLessThanOrEqual(1);
    // Nothing of QEMU's picture or gp's temporary files is left beside the PNG or in the runtime directory.
    expect(readFileSync(output).subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(existsSync(join(VM_ROOT, name))).toBe(true);
    expect(
      readdirSync(join(VM_ROOT, name)).filter((file) => file.startsWith("screendump")),
    ).toEqual([]);
    expect(readdirSync(shots)).toEqual(["screen.png"]);

    const stopped = await runGp(["vm", "stop", "--force", name]);
    expect(stopped.exitCode).toBe(0);
  }, BOOT_TIMEOUT_MS + 60_000);

  it("refuses a screenshot of a VM started without a screen, and one into a directory that does not exist", async () => {
    const name = testVmName("screen-blind");
    await runDetached(name, []);
    const blind = await runGp(["vm", "screenshot", name, "-o", join(work, "blind.png")]);
    expect(blind.exitCode).toBe(1);
    expect(blind.stderr).toContain(`error ${codes.screenshotFailed.code}: ${name} has no screen to take a picture of`);
    expect(existsSync(join(work, "blind.png"))).toBe(false);
    const nowhere = await runGp(["vm", "screenshot", name, "-o", join(work, "absent", "shot.png")]);
    expect(nowhere.exitCode).toBe(1);
    expect(nowhere.stderr).toMatch(/-o .*absent.shot\.png: the directory .*absent does not exist/);
    expect(hasStackTrace(nowhere.stderr)).toBe(false);
    const stopped = await runGp(["vm", "stop", "--force", name]);
    expect(stopped.exitCode).toBe(0);
  }, 120_000);
});
