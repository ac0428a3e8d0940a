import { describe, expect, it } from "vitest";
import { renderPackagesFile } from "../../../../runtime/upper/closure/genpack-metadata.js";
import { listPackageScripts } from "../../../../runtime/upper/closure/package-scripts.js";
import { computeRuntimeClosure } from "../../../../runtime/upper/closure/runtime-closure.js";
import { FakeRoot } from "./fake-root.js";

describe("/.genpack/packages", () => {
  it("writes one block per package: cpv[SLOT], NEEDED_BY, DESCRIPTION, USE, HOMEPAGE, LICENSE and a blank line", () => {
    const root = new FakeRoot()
      .set("genpack-runtime", ["app-misc/a", "dev-libs/openssl"])
      .pkg("app-misc/a-1.0-r1", { rdepend: "dev-libs/openssl", description: "The a tool", use: "amd64 elibc_glibc ssl", homepage: "https://a.example", license: "MIT" })
      .pkg("dev-libs/openssl-3.3.2", { slot: "0/3", description: "Robust, full-featured TLS", use: "amd64 asm", homepage: "https://openssl.org", license: "Apache-2.0" });
    expect(renderPackagesFile(computeRuntimeClosure(root.hostDir))).toBe(
      [
        "app-misc/a-1.0-r1[0]",
        "# NEEDED_BY: @genpack-runtime",
        "# DESCRIPTION: The a tool",
        "# USE: amd64 elibc_glibc ssl",
        "# HOMEPAGE: https://a.example",
        "# LICENSE: MIT",
        "",
        "dev-libs/openssl-3.3.2[0/3]",
        "# NEEDED_BY: app-misc/a-1.0-r1 @genpack-runtime",
        "# DESCRIPTION: Robust, full-featured TLS",
        "# USE: amd64 asm",
        "# HOMEPAGE: https://openssl.org",
        "# LICENSE: Apache-2.0",
        "",
        "",
      ].join("\n"),
    );
  });

  it("leaves out [SLOT] and every line whose value is empty", () => {
    const root = new FakeRoot().set("genpack-runtime", ["virtual/libc"]).pkg("virtual/libc-1", { slot: "", use: "amd64" });
    expect(renderPackagesFile(computeRuntimeClosure(root.hostDir))).toBe("virtual/libc-1\n# NEEDED_BY: @genpack-runtime\n# USE: amd64\n\n");
  });
});

describe("package scripts", () => {
  it("runs the executable package scripts in name order, per package in closure order", () => {
    const scripts = "/usr/lib/genpack/package-scripts";
    const root = new FakeRoot()
      .set("genpack-runtime", ["genpack/base"])
      .pkg("genpack/base-1", { rdepend: "sys-apps/systemd" })
      .pkg("sys-apps/systemd-256")
      .file(`${scripts}/sys-apps/systemd/systemd.sh`, "#!/bin/sh\n", 0o755)
      .file(`${scripts}/genpack/base/copyup-fundamentals.sh`, "#!/bin/sh\n", 0o755)
      .file(`${scripts}/genpack/base/B-upper.sh`, "#!/bin/sh\n", 0o700)
      .file(`${scripts}/genpack/base/README`, "not a script\n", 0o644)
      .file(`${scripts}/genpack/base/.hidden.sh`, "#!/bin/sh\n", 0o755)
      .directory(`${scripts}/genpack/base/a-directory`)
      .file(`${scripts}/dev-db/mysql/mysql.sh`, "#!/bin/sh\n", 0o755);
    expect(listPackageScripts(root.hostDir, computeRuntimeClosure(root.hostDir))).toEqual([
      { cpv: "genpack/base-1", path: `${scripts}/genpack/base/B-upper.sh` },
      { cpv: "genpack/base-1", path: `${scripts}/genpack/base/copyup-fundamentals.sh` },
      { cpv: "sys-apps/systemd-256", path: `${scripts}/sys-apps/systemd/systemd.sh` },
    ]);
  });
});
