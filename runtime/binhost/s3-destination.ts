import { constants } from "node:fs";
import { open } from "node:fs/promises";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { MAX_INDEX_BYTES, type BinhostDestination, type FileFacts, type HeldFile, type IndexFile, type UploadOutcome } from "./destination.js";


type S3Sdk = typeof import("@aws-sdk/client-s3");
let loadingSdk: Promise<S3Sdk> | undefined;

/** The AWS SDK's S3 client, loaded on first use: a megabyte and a half of code that every gp command would load at its start otherwise. */
function s3Sdk(): Promise<S3Sdk> {
  // In gp's bundle the CommonJS module comes as the default export of its namespace; run from
  // the sources, Node gives its exports by name.
  return (loadingSdk ??= import("@aws-sdk/client-s3").then((loaded) => (typeof loaded.S3Client === "function" ? loaded : (loaded as unknown as { default: S3Sdk }).default)));
}

/** The service's answer inside an error the SDK threw (an S3ServiceException): its name and HTTP status. */
function serviceAnswer(problem: unknown): { readonly name: string; readonly message: string; readonly status: number | undefined } | undefined {
  if (typeof problem !== "object" || problem === null || !("$fault" in problem) || !("$metadata" in problem)) return undefined;
  const { name, message, $metadata } = problem as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  return { name: String(name), message: String(message), status: $metadata?.httpStatusCode };
}

/** The largest object one PutObject takes; a package larger than this is refused, not split. */
const MAX_OBJECT_BYTES = 5 * 1024 ** 3;

export interface S3Location {
  readonly bucket: string;
  /** The key prefix, without a leading or trailing slash; empty for the bucket's root. */
  readonly prefix: string;
}

/**
 * `s3://`, a bucket name as S3 allows it (3 to 63 lower-case letters, digits, dots and hyphens, a
 * letter or digit at each end), then the prefix after a `/`, if any.
 */
export const S3_LOCATION = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/** `s3://BUCKET[/PREFIX]` read, or the reason it is not one. Bucket names follow S3's rules. */
export function readS3Location(text: string): S3Location | { readonly problem: string } {
  const match = S3_LOCATION.exec(text);
  if (match === null) return { problem: `${text} is not an S3 location; write it s3://BUCKET/PREFIX, the bucket's name in lower case.` };
  const prefix = (match[2] ?? "").replace(/\/+$/, "");
  if (prefix.split("/").some((part) => part === "." || part === "..") || prefix.startsWith("/") || prefix.includes("//")) {
    return { problem: `${text} has an empty, \`.\` or \`..\` part in its prefix.` };
  }
  return { bucket: match[1] as string, prefix };
}

/** What the SDK reported, in a sentence: the service's error name and message, or the client's. */
function failure(location: string, action: string, problem: unknown): GpError {
  const answer = serviceAnswer(problem);
  const detail = answer !== undefined ? `${answer.name}: ${answer.message}` : (problem as Error).message;
  return new GpError(codes.binhostDestinationRefused, `${location} refused ${action} (${detail}).`, {
    hint: "gp reads the bucket's credentials, region and endpoint as the AWS SDK does: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (an S3-compatible server), or a profile in ~/.aws.",
  });
}

/**
 * Whether a conditional write was refused because the object changed: 412, or 409 when S3 saw
 * two conditional writes of one key at once (ConditionalRequestConflict); either way, read again.
 */
function conditionFailed(problem: unknown): boolean {
  const status = serviceAnswer(problem)?.status;
  return status === 412 || status === 409;
}

/**
 * An S3 bucket (or another server that speaks S3) as a binhost, through the AWS SDK for
 * JavaScript. Writes are conditional, as S3 offers since 2024: a package's object only where
 * none stands (If-None-Match), the index only over the one read (If-Match on its ETag), so two
 * publishers at once never drop each other's packages. A custom endpoint (`AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL`) is addressed by path, as MinIO, Ceph and moto expect.
 */
export function s3Destination(location: S3Location, environment: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): BinhostDestination {
  // The SDK warns on Node.js 20 that its releases after January 2027 will need Node.js 22; the
  // release gp's lock pins runs on 20, so the warning would only puzzle gp's users.
  process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
  // An empty variable counts as unset, as a CI file that passes an unset secret along makes it.
  const variable = (name: string): string | undefined => (environment[name] === "" ? undefined : environment[name]);
  const accessKeyId = variable("AWS_ACCESS_KEY_ID");
  const secretAccessKey = variable("AWS_SECRET_ACCESS_KEY");
  const sessionToken = variable("AWS_SESSION_TOKEN");
  const endpoint = variable("AWS_ENDPOINT_URL_S3") ?? variable("AWS_ENDPOINT_URL");
  const config: S3ClientConfig = {
    region: variable("AWS_REGION") ?? variable("AWS_DEFAULT_REGION") ?? "us-east-1",
    // Keys in the environment given win; without them, the SDK's own chain (~/.aws, SSO, instance roles).
    ...(accessKeyId === undefined || secretAccessKey === undefined ? {} : { credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) } }),
    ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
  };
  let connecting: Promise<S3Client> | undefined;
  const connect = (): Promise<S3Client> => (connecting ??= s3Sdk().then((sdk) => new sdk.S3Client(config)));
  const description = `s3://${location.bucket}${location.prefix === "" ? "" : `/${location.prefix}`}`;
  const key = (path: string) => (location.prefix === "" ? path : `${location.prefix}/${path}`);

  const send = { abortSignal: signal };

  return {
    description,
    async readIndexFile(name: IndexFile): Promise<HeldFile | undefined> {
      try {
        const { GetObjectCommand } = await s3Sdk();
        const answer = await (await connect()).send(new GetObjectCommand({ Bucket: location.bucket, Key: key(name) }), send);
        if ((answer.ContentLength ?? 0) > MAX_INDEX_BYTES) throw new Error(`its ${name} is ${answer.ContentLength} bytes, more than an index of binary packages holds`);
        const data = Buffer.from((await answer.Body?.transformToByteArray()) ?? []);
        if (data.length > MAX_INDEX_BYTES) throw new Error(`its ${name} is ${data.length} bytes, more than an index of binary packages holds`);
        return { data, version: answer.ETag ?? "" };
      } catch (problem) {
        const answer = serviceAnswer(problem);
        if (answer !== undefined && (answer.name === "NoSuchKey" || answer.status === 404)) return undefined;
        throw failure(description, `reading its ${name}`, problem);
      }
    },
    async writeIndexFile(name: IndexFile, data: Uint8Array, previous: string | undefined): Promise<boolean> {
      try {
        const condition = previous === undefined ? { IfNoneMatch: "*" } : { IfMatch: previous };
        const type = name === "Packages" ? "text/plain; charset=utf-8" : "application/gzip";
        const { PutObjectCommand } = await s3Sdk();
        await (await connect()).send(new PutObjectCommand({ Bucket: location.bucket, Key: key(name), Body: data, CacheControl: "no-cache", ContentType: type, ...condition }), send);
        return true;
      } catch (problem) {
        if (conditionFailed(problem)) return false;
        throw failure(description, `the upload of ${name}`, problem);
      }
    },
    async upload(path: string, file: string, facts: FileFacts): Promise<UploadOutcome> {
      if (facts.size > MAX_OBJECT_BYTES) throw failure(description, `the upload of ${path}`, new Error(`the file is ${facts.size} bytes, more than one upload takes (5 GiB)`));
      // Content-MD5 is the index's: a file that changed since the index was made is refused by the bucket.
      const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const body = handle.createReadStream({ autoClose: false });
        const { PutObjectCommand } = await s3Sdk();
        await (await connect()).send(new PutObjectCommand({ Bucket: location.bucket, Key: key(path), Body: body, ContentLength: facts.size, ContentMD5: Buffer.from(facts.md5, "hex").toString("base64"), IfNoneMatch: "*" }), send);
        return "uploaded";
      } catch (problem) {
        if (!conditionFailed(problem)) throw failure(description, `the upload of ${path}`, problem);
      } finally {
        await handle.close();
      }
      // Something stands there: the same file when its size and ETag (the MD5 of an object put whole) match.
      try {
        const { HeadObjectCommand } = await s3Sdk();
        const held = await (await connect()).send(new HeadObjectCommand({ Bucket: location.bucket, Key: key(path) }), send);
        return held.ContentLength === facts.size && held.ETag?.replaceAll('"', "") === facts.md5 ? "present" : "occupied";
      } catch (problem) {
        throw failure(description, `looking at ${path}`, problem);
      }
    },
    async close(): Promise<void> {
      if (connecting !== undefined) (await connecting).destroy();
    },
  };
}
