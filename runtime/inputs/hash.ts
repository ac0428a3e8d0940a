import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** Digest algorithms gp checks downloads with, as node:crypto names them. */
export type DigestAlgorithm = "sha512" | "sha256" | "md5" | "blake2b512";

/** Lower-case hex digest of a file, read as a stream so multi-gigabyte tarballs cost no memory. */
export async function hashFile(file: string, algorithm: DigestAlgorithm = "sha512", signal?: AbortSignal): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file, { signal })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Lower-case hex SHA-256 of a string, used to name per-URL files. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

const HEX_LENGTHS: Readonly<Record<DigestAlgorithm, number>> = { sha512: 128, sha256: 64, md5: 32, blake2b512: 128 };

/** True when `value` is a lower-case hex digest of the algorithm's length. */
export function isHexDigest(value: string, algorithm: DigestAlgorithm = "sha512"): boolean {
  return value.length === HEX_LENGTHS[algorithm] && /^[0-9a-f]+$/.test(value);
}
