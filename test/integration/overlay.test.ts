import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runGp } from "../helpers/gp.js";
import { emerge, makePortageSetup, pkgcheckScan, portageTools, run, type PortageSetup, type ToolRun } from "../helpers/portage.js";
import { suiteDirectory } from "../helpers/temp.js";
import { skipFor } from "../helpers/skip.js";

const BLUEPRINT = resolve(ROOT, "test/golden/packages/input");
const tools = portageTools();

function md5(data: Buffer | string): string {
  return createHash("md5").update(data).digest("hex");
}

function mode(path: string): string {
  return (lstatSync(path).mode & 0o7777).toString(8).padStart(4, "0");
}

function explain(step: ToolRun): string {
  return `exit ${step.exitCode}\n${step.stdout.slice(-4000)}\n${step.stderr.slice(-4000)}`;
}

/** The CONTENTS of an installed package, by path: `obj` with its md5, `sym` with its target, `dir`. */
function contents(root: string, category: string, name: string): Map<string, string> {
  const directory = join(root, "var/db/pkg", category);
  const installed = readdirSync(directory).filter((entry) => entry.startsWith(`${name}-`));
  expect(installed, `${category}/${name} is installed once`).toHaveLength(1);
  const entries = new Map<string, string>();
  for (const line of readFileSync(join(directory, installed[0] as string, "CONTENTS"), "utf8").split("\n")) {
    const [kind, ...rest] = line.split(" ");
    if (kind === "obj") entries.set(rest.slice(0, -2).join(" "), `obj ${rest.at(-2) ?? ""}`);
    else if (kind === "sym") entries.set(rest.slice(0, rest.indexOf("->")).join(" "), `sym ${rest.slice(rest.indexOf("->") + 1, -1).join(" ")}`);
    else if (kind === "dir") entries.set(rest.join(" "), "dir");
  }
  return entries;
}

/** The versions of a package in the overlay, from its ebuild file names. */
function ebuilds(artifact: string, category: string, name: string): string[] {
  return readdirSync(join(artifact, "overlay", category, name)).filter((file) => file.endsWith(".ebuild"));
}

describe("generated overlays under real Portage", skipFor(tools.available ? undefined : tools.reason), () => {
  let work: string;
  let artifact: string;
  let setup: PortageSetup;

  beforeAll(async () => {
    work = suiteDirectory();
    cpSync(BLUEPRINT, join(work, "blueprint"), { recursive: true, verbatimSymlinks: true });
    artifact = join(work, "artifact");
    const compiled = await runGp(["compile", join(work, "blueprint/packages.image.ts"), "-o", artifact]);
    expect(compiled.exitCode, compiled.stderr).toBe(0);
    setup = makePortageSetup(join(work, "portage"), join(artifact, "overlay"));
  }, 120_000);

  it("pkgcheck reports no errors on the overlay of a blueprint with two packages", async () => {
    const { results, run: scan } = await pkgcheckScan(setup, join(artifact, "overlay"));
    expect(scan.stderr, explain(scan)).not.toMatch(/error:/);
    expect(results.filter((result) => result.level === "error"), explain(scan)).toEqual([]);
    // Its one remark: units installed with insinto rather than systemd.eclass, which gp leaves
    // out so that generated ebuilds depend on no eclass. It also shows the scan saw the packages.
    expect(results.map((result) => `${result.level} ${result.keyword} ${result.where}`)).toEqual([expect.stringMatching(/^warning DeprecatedInsinto app-misc\/hello-service\//)]);
  }, 120_000);

  it("pkgcheck does report an error in that overlay once an ebuild is broken by hand, so a clean scan means something", async () => {
    const broken = join(work, "broken");
    cpSync(join(artifact, "overlay"), broken, { recursive: true });
    const directory = join(broken, "app-misc/hello-tools");
    const [ebuild] = ebuilds(join(work, "artifact"), "app-misc", "hello-tools");
    const text = readFileSync(join(directory, ebuild as string), "utf8");
    writeFileSync(join(directory, ebuild as string), text.replace(/^LICENSE=.*\n/m, ""));
    const brokenSetup = makePortageSetup(join(work, "portage-broken"), broken);
    const { results, run: scan } = await pkgcheckScan(brokenSetup, broken);
    expect(results.map((result) => `${result.level} ${result.keyword}`), explain(scan)).toEqual(expect.arrayContaining(["error MissingLicense"]));
  }, 120_000);

  it("writes for each package the Manifest that Portage's own `ebuild … manifest` writes, byte for byte", async () => {
    const copy = join(work, "manifests");
    cpSync(join(artifact, "overlay"), copy, { recursive: true });
    const copySetup = makePortageSetup(join(work, "portage-manifests"), copy);
    for (const name of ["hello-tools", "hello-service"]) {
      const directory = join(copy, "app-misc", name);
      const ours = readFileSync(join(directory, "Manifest"), "utf8");
      rmSync(join(directory, "Manifest"));
      const [ebuild] = readdirSync(directory).filter((file) => file.endsWith(".ebuild"));
      const made = await run("ebuild", [join(directory, ebuild as string), "manifest"], copySetup.env);
      expect(made.exitCode, explain(made)).toBe(0);
      expect(readFileSync(join(directory, "Manifest"), "utf8")).toBe(ours);
    }
  }, 120_000);

  it("emerge installs both packages into a scratch ROOT, with their files, modes, links and CONTENTS", async () => {
    const merged = await emerge(setup, ["app-misc/hello-service"]);
    expect(merged.exitCode, explain(merged)).toBe(0);
    const root = setup.root;
    expect(readFileSync(join(root, "etc/hello.conf"), "utf8")).toBe("greeting=hello\n");
    expect(mode(join(root, "etc/hello.conf"))).toBe("0644");
    expect(mode(join(root, "usr/bin/hello"))).toBe("0755");
    expect(mode(join(root, "usr/lib/genpack/package-scripts/app-misc/hello-tools/10-greet.sh"))).toBe("0755");
    expect(readFileSync(join(root, "usr/lib/genpack/package-scripts/app-misc/hello-tools/10-greet.sh"), "utf8")).toBe("#!/bin/sh\n/usr/bin/hello > /etc/motd\n");
    expect(mode(join(root, "usr/lib/genpack-init/50hello.py"))).toBe("0644");
    expect(readFileSync(join(root, "usr/lib/systemd/system/hello.service"), "utf8")).toBe(readFileSync(join(BLUEPRINT, "hello.service"), "utf8"));
    expect(readlinkSync(join(root, "usr/share/hello/default.txt"))).toBe("greeting.txt");
    // Files under /usr/share/doc stay as written: Portage compresses them unless told not to.
    expect(readFileSync(join(root, "usr/share/doc/hello-tools/README"), "utf8")).toBe("Run hello.\n");
    // The dependency from the master repository came along.
    expect(existsSync(join(root, "var/db/pkg/sys-apps"))).toBe(true);

    const tools = contents(root, "app-misc", "hello-tools");
    expect(tools.get("/usr/bin/hello")).toBe(`obj ${md5('#!/bin/sh\n. /etc/hello.conf\necho "$greeting"\n')}`);
    expect(tools.get("/etc/hello.conf")).toBe(`obj ${md5("greeting=hello\n")}`);
    expect(tools.get("/usr/share/hello/greeting.txt")).toBe(`obj ${md5("hello, world\n")}`);
    expect(tools.get("/usr/share/hello/default.txt")).toBe("sym greeting.txt");
    expect(tools.get("/usr/share/doc/hello-tools/README")).toBe(`obj ${md5("Run hello.\n")}`);
    const service = contents(root, "app-misc", "hello-service");
    expect([...service].filter(([, kind]) => kind !== "dir").map(([path]) => path).sort()).toEqual(["/usr/lib/genpack-init/50hello.py", "/usr/lib/systemd/system/hello.service"]);
    expect(service.get("/usr/lib/systemd/system/hello.service")).toBe(`obj ${md5(readFileSync(join(BLUEPRINT, "hello.service")))}`);
  }, 300_000);

  it("a changed package gets a new revision, and emerge installs the change instead of the binary package it made before", async () => {
    const before = ebuilds(artifact, "app-misc", "hello-tools");
    const blueprint = join(work, "blueprint/packages.image.ts");
    writeFileSync(blueprint, readFileSync(blueprint, "utf8").replace('"greeting=hello\\n"', '"greeting=bonjour\\n"'));
    const compiled = await runGp(["compile", blueprint, "-o", artifact]);
    expect(compiled.exitCode, compiled.stderr).toBe(0);
    const after = ebuilds(artifact, "app-misc", "hello-tools");
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    // The service package did not change, so it keeps its revision and is not rebuilt.
    const serviceEbuilds = ebuilds(artifact, "app-misc", "hello-service");

    const merged = await emerge(setup, ["app-misc/hello-service"]);
    expect(merged.exitCode, explain(merged)).toBe(0);
    expect(readFileSync(join(setup.root, "etc/hello.conf"), "utf8")).toBe("greeting=bonjour\n");
    const installed = readdirSync(join(setup.root, "var/db/pkg/app-misc")).sort();
    expect(installed).toEqual([`hello-service-${(serviceEbuilds[0] as string).replace(/^hello-service-|\.ebuild$/g, "")}`, (after[0] as string).replace(/\.ebuild$/, "")].sort());
    // The binary package of the old revision is still there; Portage did not take it.
    const binaries = readdirSync(join(setup.pkgdir, "app-misc"));
    expect(binaries.some((file) => file.startsWith((before[0] as string).replace(/\.ebuild$/, "")))).toBe(true);
  }, 300_000);
});

describe("a package with a source archive under real Portage", skipFor(tools.available ? undefined : tools.reason), () => {
  let server: Server;
  let work: string;
  let archive: Buffer;

  beforeAll(async () => {
    work = suiteDirectory();
    const source = join(work, "src/tool-1.0");
    mkdirSync(source, { recursive: true });
    writeFileSync(join(source, "tool"), "#!/bin/sh\necho tool\n", { mode: 0o755 });
    const packed = await run("tar", ["-czf", join(work, "tool-1.0.tar.gz"), "-C", join(work, "src"), "tool-1.0"], process.env);
    expect(packed.exitCode, explain(packed)).toBe(0);
    archive = readFileSync(join(work, "tool-1.0.tar.gz"));
    server = createServer((request, response) => {
      if (request.url === "/dist/tool-1.0.tar.gz") {
        response.writeHead(200, { "content-type": "application/gzip", "content-length": archive.byteLength });
        response.end(archive);
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolvePromise) => server.listen(0, "127.0.0.1", resolvePromise));
  }, 60_000);

  afterAll(async () => {
    await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
  });

  it("fetches the archive from its URL, checks it against the Manifest and installs what the install commands pick from it", async () => {
    const { port } = server.address() as AddressInfo;
    const digest = (algorithm: string) => createHash(algorithm).update(archive).digest("hex");
    const blueprint = join(work, "tool.image.ts");
    writeFileSync(
      blueprint,
      `import { defineImage, definePackage } from "genpack-ts";

const tool = definePackage({
  category: "app-misc",
  name: "tool",
  version: "1.0",
  description: "A command shipped as a source archive",
  homepage: "https://example.org/tool",
  license: "MIT",
  sources: [{ url: "http://127.0.0.1:${port}/dist/tool-1.0.tar.gz", size: ${archive.byteLength}, blake2b: "${digest("blake2b512")}", sha512: "${digest("sha512")}" }],
  install: "dobin tool-1.0/tool",
});

export default defineImage({ name: "tool", profile: "paravirt", packages: [tool] });
`,
    );
    const artifact = join(work, "artifact");
    const compiled = await runGp(["compile", blueprint, "-o", artifact]);
    expect(compiled.exitCode, compiled.stderr).toBe(0);
    const manifest = readFileSync(join(artifact, "overlay/app-misc/tool/Manifest"), "utf8");
    expect(manifest).toContain(`DIST tool-1.0.tar.gz ${archive.byteLength} BLAKE2B ${digest("blake2b512")} SHA512 ${digest("sha512")}\n`);

    const setup = makePortageSetup(join(work, "portage"), join(artifact, "overlay"));
    const { results, run: scan } = await pkgcheckScan(setup, join(artifact, "overlay"));
    expect(results.filter((result) => result.level === "error"), explain(scan)).toEqual([]);
    const merged = await emerge(setup, ["app-misc/tool"]);
    expect(merged.exitCode, explain(merged)).toBe(0);
    expect(readFileSync(join(setup.root, "usr/bin/tool"), "utf8")).toBe("#!/bin/sh\necho tool\n");
    expect(mode(join(setup.root, "usr/bin/tool"))).toBe("0755");
  }, 300_000);

  it("refuses an archive whose digest does not match the blueprint, as the Manifest tells Portage to", async () => {
    const { port } = server.address() as AddressInfo;
    const blueprint = join(work, "tampered.image.ts");
    const wrong = "0".repeat(128);
    writeFileSync(
      blueprint,
      `import { defineImage, definePackage } from "genpack-ts";

export default defineImage({
  name: "tampered",
  profile: "paravirt",
  packages: [
    definePackage({
      category: "app-misc",
      name: "tampered",
      version: "1.0",
      description: "A package whose archive does not match its digests",
      license: "MIT",
      sources: [{ url: "http://127.0.0.1:${port}/dist/tool-1.0.tar.gz", size: ${archive.byteLength}, blake2b: "${wrong}", sha512: "${wrong}" }],
      install: "dobin tool-1.0/tool",
    }),
  ],
});
`,
    );
    const artifact = join(work, "tampered");
    const compiled = await runGp(["compile", blueprint, "-o", artifact]);
    expect(compiled.exitCode, compiled.stderr).toBe(0);
    const setup = makePortageSetup(join(work, "portage-tampered"), join(artifact, "overlay"));
    const merged = await emerge(setup, ["app-misc/tampered"]);
    expect(merged.exitCode).not.toBe(0);
    expect(`${merged.stdout}${merged.stderr}`).toMatch(/VERIFY FAILED/);
    expect(existsSync(join(setup.root, "usr/bin/tool"))).toBe(false);
  }, 300_000);
});
