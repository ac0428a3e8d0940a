import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

function artifact(): string {
  const dir = temporaryDirectory("gp-binhost-cli-");
  writeFileSync(join(dir, "genpack.json5"), '{ name: "demo", profile: "paravirt" }\n');
  return dir;
}

describe("gp binhost publish", () => {
  it("tells the user to build first when the arch has no lower, and writes nothing", async () => {
    const dir = artifact();
    const destination = join(temporaryDirectory(), "binhost");
    const result = await runGp(["binhost", "publish", destination, dir, "--arch", "x86_64"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`gp binhost publish: error GP7012: There is no lower at ${join(dir, "work/x86_64/lower")} yet: nothing was built for x86_64.\n`);
    expect(result.stderr).toContain("hint: Build the image first: gp build --arch x86_64.");
    expect(existsSync(destination)).toBe(false);
  });

  it("refuses a destination that is neither a folder nor an S3 location, before anything runs", async () => {
    const web = await runGp(["binhost", "publish", "https://binhost.example.org/x86_64", artifact(), "--json"]);
    expect(web.exitCode).toBe(1);
    expect(JSON.parse(web.stdout.trim().split("\n").at(-1) ?? "{}")).toMatchObject({ ok: false, code: "GP7013" });
    const bucket = await runGp(["binhost", "publish", "s3://Not_A_Bucket/x86_64", artifact()]);
    expect(bucket.exitCode).toBe(1);
    expect(bucket.stderr).toContain("s3://Not_A_Bucket/x86_64 is not an S3 location; write it s3://BUCKET/PREFIX");
  });
});
