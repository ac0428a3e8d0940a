import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { setTimeout as sleep } from "node:timers/promises";
import { unusedPort } from "./free-port.js";

/**
 * A local S3 server for tests: moto's server mode (PyPI `moto[server]`), on 127.0.0.1. It takes
 * any credentials; a bucket made with {@link createPublicBucket} serves its objects to plain
 * GETs, as a bucket with a public-read policy does, so Portage in a lower fetches a binhost from
 * it as from any HTTP server.
 */
export interface MotoServer {
  /** http://127.0.0.1:PORT, the endpoint the AWS SDK is pointed at. */
  readonly endpoint: string;
  /** The environment that points the AWS SDK at it. */
  readonly environment: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Why moto cannot run here, or undefined when it can. In CI its absence is a failure, not a skip. */
export function motoSupport(): string | undefined {
  const probe = spawnSync("python3", ["-c", "import moto.server"], { encoding: "utf8" });
  const reason = probe.status === 0 ? undefined : "moto[server] is not installed for python3 (pip install -r requirements-test.txt)";
  if (reason !== undefined && process.env["CI"] === "true") throw new Error(`CI must have a local S3 server, but ${reason}`);
  return reason;
}

/** Starts moto's S3 server and waits until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const port = await unusedPort();
  const child: ChildProcess = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = `${stderr}${chunk.toString()}`.slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`moto's server ended at start (${child.exitCode}): ${stderr}`);
    try {
      const answer = await fetch(`${endpoint}/moto-api/`);
      if (answer.status < 500) break;
    } catch {
      // Not listening yet.
    }
    if (attempt > 150) {
      child.kill("SIGKILL");
      throw new Error(`moto's server did not answer on ${endpoint} in 30 s: ${stderr}`);
    }
    await sleep(200);
  }
  return {
    endpoint,
    environment: { AWS_ENDPOINT_URL_S3: endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" },
    close: async () => {
      if (child.exitCode !== null) return;
      const ended = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await ended;
    },
  };
}

/** Makes a bucket whose objects anyone may GET, as a binhost's readers need. */
export async function createPublicBucket(server: MotoServer, bucket: string): Promise<void> {
  // As gp does: the SDK's notice about its future releases and Node.js 20 is not the test's business.
  process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
  const client = new S3Client({ endpoint: server.endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }] };
    await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
  } finally {
    client.destroy();
  }
}
