import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GP_BIN, jsonLines, runGp } from "../../helpers/gp.js";
import { suiteDirectory, temporaryDirectory } from "../../helpers/temp.js";
import { skipFor } from "../../helpers/skip.js";
import { makeSystemImage } from "../../helpers/system-image.js";
import { makeSigningKeys, signingToolsMissing } from "../../helpers/signing-keys.js";
import { codes, type CodeEntry } from "../../../errors/codes.js";

/**
 * `gp install --self-update` and `gp rollback` on a boot directory (here a plain directory; on a
 * running system the boot partition): the new image is checked before anything changes, the
 * previous one is kept, and every refusal leaves the directory as it was. That the result boots
 * after a power cut at any step is tested in QEMU, where the FAT boot partition can be mounted.
 */
const tools = spawnSync("sh", ["-c", "command -v mksquashfs && command -v unsquashfs"]).status === 0;
if (!tools && process.env["CI"] === "true") throw new Error("CI must provide squashfs-tools for the self-update tests");
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

const makeImage = makeSystemImage;

describe("self-update and rollback of a boot directory", skipFor(tools ? undefined : "squashfs-tools is not installed"), () => {
  let work: string;
  let oldImage: string;
  let newImage: string;

  const bootDirWith = (image: string) => {
    const directory = temporaryDirectory("gp-boot-dir-");
    copyFileSync(image, join(directory, "system.img"));
    return directory;
  };
  const listing = (directory: string) => readdirSync(directory).sort();

  beforeAll(() => {
    work = suiteDirectory("gp-self-update-");
    oldImage = makeImage(work, "old", { marker: "old" });
    newImage = makeImage(work, "new", { marker: "new" });
  });

  it("switches system.img to the new image and keeps the running one as system.old", async () => {
    const boot = bootDirWith(oldImage);
    const result = await runGp(["install", newImage, "--self-update", "--boot-dir", boot, "--json"], { cwd: work });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(listing(boot)).toEqual(["system-ini.html", "system.img", "system.old"]);
    expect(sha256(join(boot, "system.img"))).toBe(sha256(newImage));
    expect(sha256(join(boot, "system.old"))).toBe(sha256(oldImage));
    const steps = jsonLines(result.stdout).filter((event) => event["type"] === "step").map((event) => event["step"]);
    expect(steps).toEqual(["checking the new image", "checking system.ini against the new image's settings", "writing system.new", "reading system.new back", "keeping the running image as system.old", "switching system.img to the new image"]);
    expect(jsonLines(result.stdout).find((event) => event["type"] === "result")).toMatchObject({ ok: true, from: { artifact: "appliance", sha256: sha256(oldImage) }, to: { artifact: "appliance", sha256: sha256(newImage) } });
  });

  it("rolls back to system.old and forward again", async () => {
    const boot = bootDirWith(oldImage);
    expect((await runGp(["install", newImage, "--self-update", "--boot-dir", boot], { cwd: work })).exitCode).toBe(0);
    const back = await runGp(["rollback", "--boot-dir", boot], { cwd: work });
    expect(back.exitCode, back.stderr).toBe(0);
    expect(sha256(join(boot, "system.img"))).toBe(sha256(oldImage));
    expect(sha256(join(boot, "system.old"))).toBe(sha256(newImage));
    expect((await runGp(["rollback", "--boot-dir", boot], { cwd: work })).exitCode).toBe(0);
    expect(sha256(join(boot, "system.img"))).toBe(sha256(newImage));
    expect(listing(boot)).toEqual(["system-ini.html", "system.img", "system.old"]);
  });

  it("clears a system.new left by an interrupted update, and updates an image kept on a data partition", async () => {
    const boot = bootDirWith(oldImage);
    writeFileSync(join(boot, "system.new"), "half of an image");
    expect((await runGp(["install", newImage, "--self-update", "--boot-dir", boot], { cwd: work })).exitCode).toBe(0);
    expect(listing(boot)).toEqual(["system-ini.html", "system.img", "system.old"]);
    const data = temporaryDirectory("gp-data-dir-");
    copyFileSync(oldImage, join(data, "system"));
    expect((await runGp(["install", newImage, "--self-update", "--boot-dir", data], { cwd: work })).exitCode).toBe(0);
    expect(sha256(join(data, "system"))).toBe(sha256(newImage));
    // system.ini is on the boot partition, which a data partition given alone does not show.
    expect(listing(data)).toEqual(["system", "system.old"]);
    writeFileSync(join(work, "any.ini"), "debug=yes\n");
    const refused = await runGp(["install", oldImage, "--self-update", "--boot-dir", data, "--system-ini", join(work, "any.ini")], { cwd: work });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/system\.ini lives on the boot partition/);
    expect(sha256(join(data, "system"))).toBe(sha256(newImage));
  });

  it("refuses another artifact, another arch, a wrong SHA-256 and a truncated image with the code of each kind, changing nothing", async () => {
    const boot = bootDirWith(oldImage);
    const truncated = join(work, "truncated.squashfs");
    writeFileSync(truncated, readFileSync(newImage).subarray(0, 300));
    // An aarch64 image with an x86_64 kernel is refused either for its kernel or for its arch, whichever is checked first.
    const cases: [string[], CodeEntry[], RegExp][] = [
      [[makeImage(work, "other", { artifact: "something-else", marker: "x" })], [codes.imageForOtherSystem], /is an image of "something-else", but this system runs "appliance"\. Give --allow-other-artifact/],
      [[makeImage(work, "arm", { arch: "aarch64", marker: "x" })], [codes.imageDamaged, codes.imageForOtherSystem], /says it is for aarch64, but its kernel .* is built for x86_64|is for aarch64, but this system is x86_64/],
      [[newImage, "--sha256", "0".repeat(64)], [codes.imageNotVerified], /has SHA-256 [0-9a-f]{64}, not the 0{64} it was expected to have/],
      [[newImage, "--sha256", "xyz"], [codes.installRefused], /--sha256 xyz is not a SHA-256/],
      [[truncated], [codes.imageDamaged], /is truncated/],
      [[newImage, "--signature", join(work, "none.sig")], [], /--signature needs --signed-by KEYFILE/],
    ];
    for (const [args, kinds, message] of cases) {
      const result = await runGp(["install", ...args.slice(0, 1), "--self-update", "--boot-dir", boot, ...args.slice(1)], { cwd: work });
      expect(result.exitCode, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toMatch(message);
      // A mistake on the command line is a usage error, without a code.
      expect(result.stderr.match(/error (GP\d{4}): /)?.[1], args.join(" ")).toBeOneOf(kinds.length === 0 ? [undefined] : kinds.map((kind) => kind.code));
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(listing(boot)).toEqual(["system.img"]);
      expect(sha256(join(boot, "system.img"))).toBe(sha256(oldImage));
    }
    expect((await runGp(["install", makeImage(work, "other2", { artifact: "something-else", marker: "y" }), "--self-update", "--boot-dir", boot, "--allow-other-artifact"], { cwd: work })).exitCode).toBe(0);
  });

  it("says what is wrong with the boot directory or the lack of a previous image", async () => {
    const empty = temporaryDirectory("gp-empty-boot-");
    const noImage = await runGp(["install", newImage, "--self-update", "--boot-dir", empty], { cwd: work });
    expect(noImage.stderr).toMatch(/holds no system image \(system\.img or system\)/);
    expect(noImage.stderr).toContain(`error ${codes.notAGenpackSystem.code}: `);
    const fresh = bootDirWith(oldImage);
    const rollback = await runGp(["rollback", "--boot-dir", fresh], { cwd: work });
    expect(rollback.exitCode).toBe(1);
    expect(rollback.stderr).toMatch(/There is no previous image \(system\.old\)/);
    expect(rollback.stderr).toContain(`error ${codes.noPreviousImage.code}: `);
    expect(existsSync(join(fresh, "system.new"))).toBe(false);
    const mixed = await runGp(["install", newImage, "--self-update", "--disk", join(work, "x.raw")], { cwd: work });
    expect(mixed.stderr).toMatch(/does not go with --disk/);
  });

  it("replaces a boot loader the new image brings by a flushed copy and a rename, and leaves equal ones alone", async () => {
    const boot = bootDirWith(oldImage);
    mkdirSync(join(boot, "efi/boot"), { recursive: true });
    writeFileSync(join(boot, "efi/boot/BOOTX64.EFI"), "old loader");
    const withLoader = makeImage(work, "loader", { marker: "loader", efiLoader: "new loader" });
    const result = await runGp(["install", withLoader, "--self-update", "--boot-dir", boot, "--json"], { cwd: work });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(join(boot, "efi/boot/BOOTX64.EFI"), "utf8")).toBe("new loader");
    expect(readdirSync(join(boot, "efi/boot"))).toEqual(["BOOTX64.EFI"]);
    expect(jsonLines(result.stdout).find((event) => event["type"] === "result")).toMatchObject({ loadersUpdated: ["efi/boot/BOOTX64.EFI"] });
    const again = await runGp(["install", withLoader, "--self-update", "--boot-dir", boot, "--json"], { cwd: work });
    expect(jsonLines(again.stdout).find((event) => event["type"] === "result")).toMatchObject({ loadersUpdated: [] });
  });

  it("checks the signature named by --signature against --signed-by, OpenPGP or SSH, before anything is written", skipFor(signingToolsMissing()), async () => {
    const keys = makeSigningKeys(temporaryDirectory("gp-keys-"));
    const signatures = temporaryDirectory("gp-signatures-");
    const good = join(signatures, "good.sig");
    keys.gpg(["--local-user", "release@example.org", "--armor", "--output", good, "--detach-sign", newImage]);
    const other = join(signatures, "other.sig");
    keys.gpg(["--local-user", "other@example.org", "--output", other, "--detach-sign", newImage]);
    const boot = bootDirWith(oldImage);
    const refused = await runGp(["install", newImage, "--self-update", "--boot-dir", boot, "--signature", other, "--signed-by", keys.openpgp.release], { cwd: work });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/other\.sig was made by the OpenPGP key [0-9A-F]{16}, which .*release\.asc does not hold/);
    expect(refused.stderr).toContain(`error ${codes.signedByOtherKey.code}: `);
    expect(listing(boot)).toEqual(["system.img"]);
    const accepted = await runGp(["install", newImage, "--self-update", "--boot-dir", boot, "--signature", good, "--signed-by", keys.openpgp.release, "--json"], { cwd: work });
    expect(accepted.exitCode, accepted.stderr).toBe(0);
    expect(jsonLines(accepted.stdout).filter((event) => event["type"] === "step").map((event) => event["step"])[0]).toBe("checking the new image's signature");
    expect(sha256(join(boot, "system.img"))).toBe(sha256(newImage));
  });

  it("checks IMAGE.sig by default, and refuses a changed image with nothing written", skipFor(signingToolsMissing()), async () => {
    const keys = makeSigningKeys(temporaryDirectory("gp-keys-"));
    const directory = temporaryDirectory("gp-signed-image-");
    const image = join(directory, "new.squashfs");
    copyFileSync(newImage, image);
    execFileSync("ssh-keygen", ["-q", "-Y", "sign", "-n", "file", "-f", keys.ssh.release, image], { stdio: "ignore" });
    const changed = readFileSync(image);
    changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 0x01;
    const tampered = join(directory, "tampered.squashfs");
    writeFileSync(tampered, changed);
    copyFileSync(`${image}.sig`, `${tampered}.sig`);
    const boot = bootDirWith(oldImage);
    const refused = await runGp(["install", tampered, "--self-update", "--boot-dir", boot, "--signed-by", `${keys.ssh.release}.pub`], { cwd: work });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`error ${codes.signatureBad.code}: `);
    expect(listing(boot)).toEqual(["system.img"]);
    expect(sha256(join(boot, "system.img"))).toBe(sha256(oldImage));
    const accepted = await runGp(["install", image, "--self-update", "--boot-dir", boot, "--signed-by", `${keys.ssh.release}.pub`], { cwd: work });
    expect(accepted.exitCode, accepted.stderr).toBe(0);
    expect(sha256(join(boot, "system.img"))).toBe(sha256(newImage));
  });

  /** Runs gp with --json and kills it (SIGKILL) once it has printed `steps` step lines; resolves when it is gone. */
  const killedAfter = (args: string[], steps: number): Promise<void> =>
    new Promise((resolveKilled) => {
      const child = spawn(process.execPath, [GP_BIN, ...args, "--json"], { cwd: work, stdio: ["ignore", "pipe", "ignore"] });
      let seen = 0;
      let buffered = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) if (line.includes('"type":"step"') && (seen += 1) === steps) child.kill("SIGKILL");
      });
      child.on("close", () => resolveKilled());
    });

  it("leaves the old or the new image in place when gp is killed after any step, and the next update finishes the job", async () => {
    const outcomes: string[] = [];
    for (let steps = 1; steps <= 7; steps += 1) {
      const boot = bootDirWith(oldImage);
      await killedAfter(["install", newImage, "--self-update", "--boot-dir", boot], steps);
      const now = sha256(join(boot, "system.img"));
      expect([sha256(oldImage), sha256(newImage)]).toContain(now);
      outcomes.push(now === sha256(newImage) ? "new" : "old");
      const again = await runGp(["install", newImage, "--self-update", "--boot-dir", boot], { cwd: work });
      expect(again.exitCode, again.stderr).toBe(0);
      expect(sha256(join(boot, "system.img"))).toBe(sha256(newImage));
      expect(listing(boot)).toEqual(["system-ini.html", "system.img", "system.old"]);
    }
    // Killed as it starts checking, the old image is in place; after its last step (none to kill at), the new one.
    expect(outcomes[0]).toBe("old");
    expect(outcomes[6]).toBe("new");
  });

  describe("with a system.ini", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "system.ini of appliance",
      type: "object",
      properties: { greeter: { type: "object", properties: { greeting: { type: "string", description: "What the console says", "x-gp-kind": "string" } } } },
      "x-gp-image": { name: "appliance" },
    };
    let greeterImage: string;
    beforeAll(() => {
      greeterImage = makeImage(work, "greeter", { marker: "greeter", systemIniSchema: schema });
    });

    it("refuses a system.ini with an error against the new image before anything is written", async () => {
      const boot = bootDirWith(oldImage);
      writeFileSync(join(boot, "system.ini"), "[greeter]\ngreeting=old\n");
      const ini = join(work, "typo.ini");
      writeFileSync(ini, "[greeter]\ngreting=hi\n");
      const result = await runGp(["install", greeterImage, "--self-update", "--boot-dir", boot, "--system-ini", ini], { cwd: work });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/error GP8118: .*typo\.ini has an error against the settings of/);
      expect(result.stderr).toMatch(/typo\.ini:2:1 - error GP8107/);
      expect(listing(boot)).toEqual(["system.img", "system.ini"]);
      expect(sha256(join(boot, "system.img"))).toBe(sha256(oldImage));
      expect(readFileSync(join(boot, "system.ini"), "utf8")).toBe("[greeter]\ngreeting=old\n");
    });

    it("writes a system.ini given with the update, and the new image's form beside it", async () => {
      const boot = bootDirWith(oldImage);
      writeFileSync(join(boot, "system.ini"), "[greeter]\ngreeting=old\n");
      const ini = join(work, "good.ini");
      writeFileSync(ini, "[greeter]\ngreeting=new\n");
      const result = await runGp(["install", greeterImage, "--self-update", "--boot-dir", boot, "--system-ini", ini], { cwd: work });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(listing(boot)).toEqual(["system-ini.html", "system.img", "system.ini", "system.old"]);
      expect(readFileSync(join(boot, "system.ini"), "utf8")).toBe("[greeter]\ngreeting=new\n");
      expect(readFileSync(join(boot, "system-ini.html"), "utf8")).toContain("What the console says");
    });

    it("keeps the boot partition's own system.ini, saying what the new image finds wrong in it", async () => {
      const boot = bootDirWith(oldImage);
      writeFileSync(join(boot, "system.ini"), "[greeter]\ngreting=kept\n");
      const result = await runGp(["install", greeterImage, "--self-update", "--boot-dir", boot], { cwd: work });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/it is kept as it is/);
      expect(result.stderr).toMatch(/system\.ini:2:1 - error GP8107/);
      expect(readFileSync(join(boot, "system.ini"), "utf8")).toBe("[greeter]\ngreting=kept\n");
      expect(sha256(join(boot, "system.img"))).toBe(sha256(greeterImage));
    });
  });
});
