import { createHash } from "node:crypto";

/**
 * The addresses a VM is known by, derived from its name so that they stay the same from one run
 * to the next (an SSH known_hosts entry, a DHCP lease, a firewall rule keep working). Both are
 * computed as genpack's `vm` tool computes them, so `vm cid NAME` and gp agree.
 */

/** vsock context IDs 0–2 are the hypervisor, local and host; 0xFFFFFFFF is VMADDR_CID_ANY. */
const FIRST_GUEST_CID = 3;
const CID_ANY = 0xffffffff;

/** The vsock CID of VM `name` started by user `uid`: SHA-256("<uid>:<name>"), folded into the guest range. */
export function vsockCid(uid: number, name: string): number {
  const digest = createHash("sha256").update(`${uid}:${name}`).digest();
  const cid = (digest.readUInt32BE(0) % 4294967293) + FIRST_GUEST_CID;
  // The fold can land on VMADDR_CID_ANY, which no guest may have.
  return cid === CID_ANY ? FIRST_GUEST_CID : cid;
}

/**
 * The first CID at or after `wanted` (wrapping within the guest range) that no other running VM
 * uses: two names can hash to one CID, and QEMU would then refuse to start the second.
 */
export function freeCid(wanted: number, taken: ReadonlySet<number>): number {
  let cid = wanted;
  while (taken.has(cid)) cid = cid + 1 >= CID_ANY ? FIRST_GUEST_CID : cid + 1;
  return cid;
}

/**
 * The MAC address of network interface `index` of VM `name`: QEMU's locally administered prefix
 * 52:54:00, then the first three bytes of MD5("<name>:<index>") with the top bit of the first
 * cleared.
 */
export function macAddress(name: string, index: number): string {
  const digest = createHash("md5").update(`${name}:${index}`).digest();
  const bytes = [0x52, 0x54, 0x00, digest[0]! & 0x7f, digest[1]!, digest[2]!];
  return bytes.map((byte) => byte.toString(16).padStart(2, "0")).join(":");
}
