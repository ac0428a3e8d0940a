import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { encodePng, pngSize, readPpm } from "../../../runtime/vm/png.js";

function ppm(header: string, pixels: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(header, "latin1"), pixels]);
}

describe("screendump pictures", () => {
  it("converts QEMU's PPM into a PNG another decoder reads back pixel for pixel", () => {
    const width = 37;
    const height = 11;
    const rgb = new Uint8Array(width * height * 3).map((_, index) => (index * 7919) % 256);
    const read = readPpm(ppm(`P6\n${width} ${height}\n255\n`, rgb));
    if ("problem" in read) throw new Error(read.problem);
    const png = encodePng(read.value);
    expect(pngSize(png)).toEqual({ value: { width, height } });
    const decoded = PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    const back = new Uint8Array(width * height * 3);
    for (let pixel = 0; pixel < width * height; pixel += 1) back.set(decoded.data.subarray(pixel * 4, pixel * 4 + 3), pixel * 3);
    expect(Buffer.from(back).equals(Buffer.from(rgb))).toBe(true);
  });

  it("reads PPM headers with comments and any whitespace between their words", () => {
    const read = readPpm(ppm("P6 # made by QEMU\n# another\n2\t1 255\r", new Uint8Array(6).fill(9)));
    expect(read).toMatchObject({ value: { width: 2, height: 1 } });
    expect("value" in read && [...read.value.rgb]).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it("refuses what is not a whole 8-bit PPM, without reading past its end", () => {
    expect(readPpm(Buffer.from("P3\n1 1\n255\n0 0 0\n"))).toEqual({ problem: expect.stringContaining("not a binary PPM") });
    expect(readPpm(ppm("P6\n2 2\n255\n", new Uint8Array(11)))).toEqual({ problem: "it ends after 11 of the 12 bytes its 2x2 pixels need" });
    expect(readPpm(ppm("P6\n1 1\n65535\n", new Uint8Array(6)))).toEqual({ problem: expect.stringContaining("gp reads only 255") });
    expect(readPpm(ppm("P6\n999999 999999\n255\n", new Uint8Array(3)))).toEqual({ problem: expect.stringContaining("is not a screen's") });
    expect(readPpm(Buffer.from(`P6\n${"#".repeat(100_000)}`))).toHaveProperty("problem");
    expect(readPpm(new Uint8Array(0))).toHaveProperty("problem");
  });

  it("tells a PNG by its signature and header", () => {
    expect(pngSize(Buffer.from("P6\n1 1\n255\n000"))).toHaveProperty("problem");
    expect(pngSize(encodePng({ width: 3, height: 2, rgb: new Uint8Array(18) }))).toEqual({ value: { width: 3, height: 2 } });
  });
});
