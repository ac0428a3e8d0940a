import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultLockPath, LockfileError, parseLock, readLock, writeLock, type InputLock } from "../../../runtime/inputs/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";

const SHA = "0123456789abcdef".repeat(8);
const COMMIT = "a".repeat(40);

const LOCK: InputLock = {
  version: 1,
  stage3: {
    x86_64: {
      url: "https://distfiles.gentoo.org/releases/amd64/autobuilds/20261124T170343Z/stage3-amd64-systemd-20261124T170343Z.tar.xz",
      sha512: SHA,
      size: 1234,
      verified: "sha512",
      resolvedFrom: "https://distfiles.gentoo.org/releases/amd64/autobuilds/latest-stage3-amd64-systemd.txt",
    },
  },
  portage: { url: "https://distfiles.gentoo.org/snapshots/portage-20261123.tar.xz", sha512: SHA, size: 99, snapshot: "20261123" },
  overlay: { url: `https://github.com/wbrxcorp/genpack-overlay/archive/${COMMIT}.tar.gz`, sha512: SHA, size: 7, commit: COMMIT },
};

function parseFailure(text: string): LockfileError {
  try {
    parseLock(text, "/project/gp.lock");
  } catch (failure) {
    if (failure instanceof LockfileError) return failure;
    throw failure;
  }
  throw new Error("parseLock accepted the text");
}

describe("gp.lock", () => {
  it("round-trips through a file with sorted keys, two-space indent and a final newline", async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "gp.lock");

    await writeLock(file, LOCK);

    const text = readFileSync(file, "utf8");
    expect(await readLock(file)).toEqual(LOCK);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n").slice(0, 8)).toEqual([
      "{",
      '  "overlay": {',
      `    "commit": "${COMMIT}",`,
      `    "sha512": "${SHA}",`,
      '    "size": 7,',
      `    "url": "https://github.com/wbrxcorp/genpack-overlay/archive/${COMMIT}.tar.gz"`,
      "  },",
      '  "portage": {',
    ]);
    expect(text.trimEnd().split("\n").at(-2)).toBe('  "version": 1');
    expect(readdirSync(directory)).toEqual(["gp.lock"]);
  });

  it("reads a missing lock as undefined", async () => {
    expect(await readLock(join(temporaryDirectory(), "gp.lock"))).toBeUndefined();
  });

  it("names a lock that is a FIFO, a directory, a link loop or a link out of its folder, never waiting or reading through", { timeout: 10_000 }, async () => {
    const outside = temporaryDirectory();
    writeFileSync(join(outside, "gp.lock"), JSON.stringify(LOCK));
    const cases: [(file: string) => void, string][] = [
      [(file) => execFileSync("mkfifo", [file]), "is a FIFO, not a file"],
      [(file) => mkdirSync(file), "is a directory, not a file"],
      [(file) => symlinkSync("gp.lock", file), "is a symbolic link that loops"],
      [(file) => symlinkSync(join(outside, "gp.lock"), file), "is a symbolic link that leads out of"],
    ];
    for (const [make, reason] of cases) {
      const file = join(temporaryDirectory(), "gp.lock");
      make(file);
      const failure = await readLock(file).then(
        () => undefined,
        (problem: unknown) => problem,
      );
      expect(failure).toBeInstanceOf(LockfileError);
      expect((failure as LockfileError).message).toContain(`${file} ${reason}`);
    }
  });

  it("lives in an artifact directory, or beside a blueprint file", async () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "artifact"));
    writeFileSync(join(directory, "web.image.ts"), "");

    expect(await defaultLockPath(join(directory, "artifact"))).toBe(join(directory, "artifact", "gp.lock"));
    expect(await defaultLockPath(join(directory, "web.image.ts"))).toBe(join(directory, "gp.lock"));
  });

  it("names the key path of a malformed value and says how to recover", () => {
    const broken = structuredClone(LOCK) as unknown as { stage3: { x86_64: { sha512: string } } };
    broken.stage3.x86_64.sha512 = "abc";

    const failure = parseFailure(JSON.stringify(broken));

    expect(failure.keyPath).toBe("stage3.x86_64.sha512");
    expect(failure.message).toBe(
      '/project/gp.lock: stage3.x86_64.sha512 must be 128 lower-case hex digits, found "abc". ' +
        "Fix it, or delete gp.lock and run `gp lock` to write a new one.",
    );
  });

  it("rejects text that is not JSON with the parser's reason", () => {
    expect(parseFailure("{ version: 1 ").message).toMatch(/^\/project\/gp\.lock is not valid JSON \(.+\)\. Fix it, or delete gp\.lock/);
  });

  it.each([
    ['{"version":1,"stage3":{"sparc":{}}}', "stage3.sparc", "is not an arch gp knows"],
    ['{"version":1,"stage3":{},"extra":true}', "extra", "is not a key gp.lock has"],
    ['{"version":1,"stage3":{},"portage":{"url":"ftp://x/y","sha512":"' + SHA + '","size":1,"snapshot":null}}', "portage.url", "must be an http(s) or file URL"],
    ['{"version":1,"stage3":{},"portage":{"url":"https://x/y","sha512":"' + SHA + '","size":-1,"snapshot":null}}', "portage.size", "must be a whole number of bytes"],
    ['{"version":1,"stage3":{},"overlay":{"url":"https://x/y","sha512":"' + SHA + '","size":1,"commit":"main"}}', "overlay.commit", "40-digit"],
    ['{"stage3":{}}', "version", "must be 1, found nothing"],
    ["[]", "", "the top level must be an object"],
  ])("rejects %s at %s", (text, keyPath, problem) => {
    const failure = parseFailure(text);
    expect(failure.keyPath).toBe(keyPath);
    expect(failure.message).toContain(problem);
  });

  it("tells the user to upgrade gp for a lock from a newer version", () => {
    expect(parseFailure('{"version":2,"stage3":{}}').message).toBe("/project/gp.lock has version 2, written by a newer gp. Upgrade gp to build with it.");
  });
});
