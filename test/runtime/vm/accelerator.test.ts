import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { codes } from "../../../errors/codes.js";
import { chooseAccelerator } from "../../../runtime/vm/accelerator.js";
import { loadableKernel } from "../../../runtime/vm/boot-files.js";

const never = () => Promise.reject(new Error("the probe must not run"));

describe("choosing the accelerator", () => {
  it("uses KVM with auto when the probe's test guest ran under it", async () => {
    expect(await chooseAccelerator("auto", "x86_64", async () => ({ usable: true, reason: "KVM ran a test guest in 0.2 s", seconds: 0.2 }), "x86_64")).toEqual({ accel: "kvm", reason: "KVM ran a test guest in 0.2 s" });
  });

  it("falls back to TCG with a warning when KVM does not work", async () => {
    const decision = await chooseAccelerator("auto", "x86_64", async () => ({ usable: false, reason: "a test guest did not finish within 5 s under KVM", seconds: 5 }), "x86_64");
    expect(decision.accel).toBe("tcg");
    expect(decision.warning).toMatch(/KVM is not usable here \(a test guest did not finish within 5 s under KVM\); the VM runs under software emulation/);
  });

  it("emulates an image of another arch without probing or warning", async () => {
    expect(await chooseAccelerator("auto", "aarch64", never, "x86_64")).toEqual({ accel: "tcg", reason: "an aarch64 image on an x86_64 host" });
  });

  it("refuses --accel kvm for another arch or without a usable /dev/kvm, as KVM being unavailable", async () => {
    await expect(chooseAccelerator("kvm", "riscv64", never, "x86_64")).rejects.toMatchObject({ code: codes.kvmUnavailable.code, message: expect.stringMatching(/KVM runs guests of the host's arch \(x86_64\) only/) });
    await expect(chooseAccelerator("kvm", "x86_64", never, "x86_64", "/nonexistent/kvm")).rejects.toMatchObject({ code: codes.kvmUnavailable.code, message: expect.stringMatching(/\/nonexistent\/kvm is missing/) });
  });

  it("takes --accel tcg as it is", async () => {
    expect((await chooseAccelerator("tcg", "x86_64", never, "x86_64")).accel).toBe("tcg");
  });
});

describe("the kernel QEMU is given", () => {
  it("unpacks a gzip-compressed Image and leaves a bzImage as it is", () => {
    const image = Buffer.from("ARM64 Image bytes");
    expect(loadableKernel(gzipSync(image))).toEqual(image);
    const bzImage = Buffer.concat([Buffer.alloc(0x202), Buffer.from("HdrS")]);
    expect(loadableKernel(bzImage)).toBe(bzImage);
  });

  it("unpacks the gzip payload of an EFI zboot image", () => {
    const payload = gzipSync(Buffer.from("the Image"));
    const header = Buffer.alloc(64);
    header.write("MZ", 0, "latin1");
    header.write("zimg", 4, "latin1");
    header.writeUInt32LE(64, 8);
    header.writeUInt32LE(payload.length, 12);
    header.write("gzip", 24, "latin1");
    expect(loadableKernel(Buffer.concat([header, payload])).toString()).toBe("the Image");
    header.write("zstd", 24, "latin1");
    expect(() => loadableKernel(Buffer.concat([header, payload]))).toThrow(/compressed with zstd/);
  });
});
