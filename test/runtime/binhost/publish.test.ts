import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directoryDestination, parsePackagesIndex, publishPackages, readS3Location, s3Destination } from "../../../runtime/binhost/index.js";
import { GpError } from "../../../errors/gp-error.js";
import { createPublicBucket, motoSupport, startMoto, type MotoServer } from "../../helpers/moto.js";
import { skipFor } from "../../helpers/skip.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { HEADER, pathOf, writePackageDir, type TestPackage } from "./package-dir.js";

const foo: TestPackage = { cpv: "app-misc/foo-1", content: "foo with ssl", use: "ssl" };
const bar: TestPackage = { cpv: "dev-libs/bar-2.1-r1", content: "bar" };
const baz: TestPackage = { cpv: "sys-apps/baz-3", content: "baz" };

function cpvsOf(text: string): string[] {
  const parsed = parsePackagesIndex(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.index.packages.map((block) => `${block.get("CPV")}-${block.get("BUILD_ID")}`);
}

async function publishInto(root: string, packageDir: string) {
  const destination = directoryDestination(root);
  try {
    return await publishPackages({ packageDir, destination });
  } finally {
    await destination.close();
  }
}

async function failureOf(promise: Promise<unknown>): Promise<GpError> {
  try {
    await promise;
  } catch (problem) {
    if (problem instanceof GpError) return problem;
    throw problem;
  }
  throw new Error("it did not fail");
}

describe("gp binhost publish into a folder", () => {
  it("uploads the packages and then the index and its gzip copy, and a second publish uploads nothing", async () => {
    const packages = writePackageDir(temporaryDirectory(), [foo, bar]);
    const root = join(temporaryDirectory(), "binhost");
    const first = await publishInto(root, packages);
    expect(first).toMatchObject({ packages: 2, uploaded: [pathOf(foo), pathOf(bar)], present: 0, conflicts: [], indexed: 2 });
    expect(readFileSync(join(root, pathOf(foo)), "utf8")).toBe(foo.content);
    const index = readFileSync(join(root, "Packages"), "utf8");
    expect(cpvsOf(index)).toEqual(["app-misc/foo-1-1", "dev-libs/bar-2.1-r1-1"]);
    expect(gunzipSync(readFileSync(join(root, "Packages.gz"))).toString()).toBe(index);
    expect(await publishInto(root, packages)).toMatchObject({ uploaded: [], present: 2, indexed: 2 });
    expect(existsSync(join(root, ".gp-publish.lock"))).toBe(false);
  });

  it("adds a second builder's packages to the binhost's, and leaves the binhost's file where the builder gave the same build id to another build", async () => {
    const root = join(temporaryDirectory(), "binhost");
    await publishInto(root, writePackageDir(temporaryDirectory(), [foo, bar]));
    const otherFoo: TestPackage = { ...foo, content: "foo without ssl", use: "" };
    const second = await publishInto(root, writePackageDir(temporaryDirectory(), [otherFoo, baz]));
    expect(second).toMatchObject({ uploaded: [pathOf(baz)], present: 0, conflicts: [{ path: pathOf(foo), cpv: foo.cpv }], indexed: 3 });
    expect(readFileSync(join(root, pathOf(foo)), "utf8")).toBe(foo.content);
    expect(cpvsOf(readFileSync(join(root, "Packages"), "utf8"))).toEqual(["app-misc/foo-1-1", "dev-libs/bar-2.1-r1-1", "sys-apps/baz-3-1"]);
  });

  it("leaves a file it finds at a package's path out of the index, and takes its own from an interrupted publish", async () => {
    const root = join(temporaryDirectory(), "binhost");
    mkdirSync(join(root, "app-misc/foo"), { recursive: true });
    writeFileSync(join(root, pathOf(foo)), "someone else's file");
    mkdirSync(join(root, "dev-libs/bar"), { recursive: true });
    writeFileSync(join(root, pathOf(bar)), bar.content);
    const result = await publishInto(root, writePackageDir(temporaryDirectory(), [foo, bar]));
    expect(result).toMatchObject({ uploaded: [], present: 1, conflicts: [{ path: pathOf(foo), cpv: foo.cpv }], indexed: 1 });
    expect(readFileSync(join(root, pathOf(foo)), "utf8")).toBe("someone else's file");
    expect(cpvsOf(readFileSync(join(root, "Packages"), "utf8"))).toEqual(["dev-libs/bar-2.1-r1-1"]);
  });

  it("refuses a link inside the folder and writes nothing through it", async () => {
    const root = join(temporaryDirectory(), "binhost");
    const elsewhere = temporaryDirectory();
    mkdirSync(root);
    symlinkSync(elsewhere, join(root, "app-misc"));
    const failure = await failureOf(publishInto(root, writePackageDir(temporaryDirectory(), [foo])));
    expect(failure.code).toBe("GP7013");
    expect(failure.message).toContain(`${join(root, "app-misc")} is a link`);
    expect(existsSync(join(elsewhere, "foo"))).toBe(false);
    expect(existsSync(join(root, "Packages"))).toBe(false);
  });

  it("refuses a package directory whose index names a missing file or a path out of it, and publishes nothing", async () => {
    const packages = writePackageDir(temporaryDirectory(), [foo]);
    writeFileSync(join(packages, "Packages"), readFileSync(join(packages, "Packages"), "utf8").replace(`PATH: ${pathOf(foo)}`, "PATH: ../../etc/passwd.gpkg.tar"));
    const root = join(temporaryDirectory(), "binhost");
    const escaping = await failureOf(publishInto(root, packages));
    expect(escaping.code).toBe("GP7012");
    expect(escaping.message).toContain('has the path "../../etc/passwd.gpkg.tar"');
    const missing = writePackageDir(temporaryDirectory(), [foo, bar]);
    writeFileSync(join(missing, pathOf(bar)), "changed");
    expect((await failureOf(publishInto(root, missing))).message).toContain("has 7 bytes, not the 3 of the index");
    expect(existsSync(join(root, "Packages"))).toBe(false);
  });

  it("refuses to publish one arch's packages into another arch's binhost", async () => {
    const root = join(temporaryDirectory(), "binhost");
    await publishInto(root, writePackageDir(temporaryDirectory(), [foo], HEADER.map((line) => (line.startsWith("ARCH") ? "ARCH: arm64" : line))));
    const failure = await failureOf(publishInto(root, writePackageDir(temporaryDirectory(), [bar])));
    expect(failure.message).toBe(`${root} is a binhost of arm64 packages; these are amd64 packages.`);
  });

  it("stamps the index with the time of the publish, one second past the binhost's, and not a forged one ahead of the clock", async () => {
    const root = join(temporaryDirectory(), "binhost");
    const timestampOf = () => /^TIMESTAMP: (.*)$/m.exec(readFileSync(join(root, "Packages"), "utf8"))?.[1];
    // A clock at a set moment that runs as the real one does, so that waiting for the next second takes a real second.
    const started = Date.now();
    const clock = () => 1_900_000_000_250 + (Date.now() - started);
    const publishAt = async (packages: readonly TestPackage[]) => {
      const destination = directoryDestination(root);
      try {
        await publishPackages({ packageDir: writePackageDir(temporaryDirectory(), packages), destination, clock });
      } finally {
        await destination.close();
      }
    };
    await publishAt([foo]);
    expect(timestampOf()).toBe("1900000000");
    await publishAt([bar]);
    expect(timestampOf()).toBe("1900000001");
    writeFileSync(join(root, "Packages"), readFileSync(join(root, "Packages"), "utf8").replace(/^TIMESTAMP: .*$/m, "TIMESTAMP: 1e21"));
    await publishAt([baz]);
    expect(timestampOf()).toMatch(/^19000000\d\d$/);
  });

  it("does not write over an index it cannot read", async () => {
    const root = temporaryDirectory();
    writeFileSync(join(root, "Packages"), "<html>not an index</html>\n");
    const failure = await failureOf(publishInto(root, writePackageDir(temporaryDirectory(), [foo])));
    expect(failure.message).toContain("is not one Portage reads (line 1:");
    expect(readFileSync(join(root, "Packages"), "utf8")).toBe("<html>not an index</html>\n");
  });
});

describe("gp binhost publish into an S3 bucket", skipFor(motoSupport()), () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
    await createPublicBucket(moto, "binhost");
  }, 60_000);
  afterAll(async () => {
    await moto?.close();
  });

  const publishTo = async (prefix: string, packageDir: string) => {
    const location = readS3Location(`s3://binhost/${prefix}`);
    if ("problem" in location) throw new Error(location.problem);
    const destination = s3Destination(location, moto.environment);
    try {
      return await publishPackages({ packageDir, destination });
    } finally {
      await destination.close();
    }
  };

  it("puts the packages and the index where a plain HTTP GET, as Portage's, finds them", async () => {
    const result = await publishTo("x86_64", writePackageDir(temporaryDirectory(), [foo, bar]));
    expect(result).toMatchObject({ uploaded: [pathOf(foo), pathOf(bar)], indexed: 2 });
    expect(await (await fetch(`${moto.endpoint}/binhost/x86_64/${pathOf(foo)}`)).text()).toBe(foo.content);
    const index = await (await fetch(`${moto.endpoint}/binhost/x86_64/Packages`)).text();
    expect(cpvsOf(index)).toEqual(["app-misc/foo-1-1", "dev-libs/bar-2.1-r1-1"]);
    const gz = Buffer.from(await (await fetch(`${moto.endpoint}/binhost/x86_64/Packages.gz`)).arrayBuffer());
    expect(gunzipSync(gz).toString()).toBe(index);
    expect(await publishTo("x86_64", writePackageDir(temporaryDirectory(), [foo, bar]))).toMatchObject({ uploaded: [], present: 2 });
  });

  it("keeps both builders' packages when two publish at once", async () => {
    const builders = [[foo, bar], [baz, { cpv: "net-misc/qux-4", content: "qux" }]].map((packages) => writePackageDir(temporaryDirectory(), packages));
    await Promise.all(builders.map((packageDir) => publishTo("race", packageDir)));
    const index = await (await fetch(`${moto.endpoint}/binhost/race/Packages`)).text();
    expect(cpvsOf(index)).toEqual(["app-misc/foo-1-1", "dev-libs/bar-2.1-r1-1", "net-misc/qux-4-1", "sys-apps/baz-3-1"]);
  });

  it("says what the bucket answered when it refuses", async () => {
    const location = readS3Location("s3://no-such-bucket/x86_64");
    if ("problem" in location) throw new Error(location.problem);
    const destination = s3Destination(location, moto.environment);
    const failure = await failureOf(publishPackages({ packageDir: writePackageDir(temporaryDirectory(), [foo]), destination }));
    await destination.close();
    expect(failure.code).toBe("GP7013");
    expect(failure.message).toMatch(/^s3:\/\/no-such-bucket\/x86_64 refused .*NoSuchBucket/);
  });

  it("reads S3 locations and refuses what is not one", () => {
    expect(readS3Location("s3://binhost/a/b/")).toEqual({ bucket: "binhost", prefix: "a/b" });
    expect(readS3Location("s3://binhost")).toEqual({ bucket: "binhost", prefix: "" });
    for (const bad of ["s3://Bin_host/x", "s3://binhost/../x", "s3://binhost//x", "s3:/binhost"]) expect(readS3Location(bad)).toHaveProperty("problem");
  });
});
