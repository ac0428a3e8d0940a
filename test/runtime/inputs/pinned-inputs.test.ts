import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LockfileError } from "../../../runtime/inputs/errors.js";
import { pinnedDigests } from "../../../runtime/inputs/pinned-inputs.js";
import { pinnedLockText } from "../../helpers/pinned-lock.js";
import { temporaryDirectory } from "../../helpers/temp.js";

async function refusal(lockPath: string, arch: "x86_64" | "aarch64"): Promise<LockfileError> {
  const problem: unknown = await pinnedDigests(lockPath, arch).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(problem).toBeInstanceOf(LockfileError);
  return problem as LockfileError;
}

describe("the digests gp.lock pins for a build", () => {
  it("are the arch's stage3, the snapshot and the overlay, read from the lock alone", async () => {
    const lockPath = join(temporaryDirectory(), "gp.lock");
    writeFileSync(lockPath, pinnedLockText({ x86_64: "a", aarch64: "d" }, "b", "c"));
    expect(await pinnedDigests(lockPath, "aarch64")).toEqual({ stage3: { sha512: "d".repeat(128) }, portage: { sha512: "b".repeat(128) }, overlay: { sha512: "c".repeat(128) } });
  });

  it("are refused, naming the key and the gp lock to run, when the arch, the snapshot or the overlay is not pinned", async () => {
    const lockPath = join(temporaryDirectory(), "gp.lock");
    writeFileSync(lockPath, pinnedLockText({ x86_64: "a" }));
    const noArch = await refusal(lockPath, "aarch64");
    expect(noArch.message).toBe(`${lockPath} pins no stage3 for aarch64. Run \`gp lock --arch aarch64\` to pin the inputs of aarch64 builds, and commit gp.lock.`);
    expect(noArch.keyPath).toBe("stage3.aarch64");
    const { portage: _portage, ...withoutPortage } = JSON.parse(pinnedLockText({ x86_64: "a" })) as Record<string, unknown>;
    writeFileSync(lockPath, JSON.stringify(withoutPortage));
    expect((await refusal(lockPath, "x86_64")).keyPath).toBe("portage");
    const { overlay: _overlay, ...withoutOverlay } = JSON.parse(pinnedLockText({ x86_64: "a" })) as Record<string, unknown>;
    writeFileSync(lockPath, JSON.stringify(withoutOverlay));
    expect((await refusal(lockPath, "x86_64")).keyPath).toBe("overlay");
  });

  it("are refused when there is no lock, saying so", async () => {
    const lockPath = join(temporaryDirectory(), "gp.lock");
    expect((await refusal(lockPath, "x86_64")).message).toContain(`${lockPath} does not exist, so no input of the build is pinned.`);
  });
});
