import type { SystemImage } from "./system-image.js";

/**
 * The `system.ini` written when none is given: every line a comment, naming the keys genpack's
 * boot-time modules read (genpack-boot.md §2.3), so the file explains itself to whoever opens
 * it on the boot partition.
 */
export function defaultSystemIni(image: Pick<SystemImage, "artifact" | "variant">): string {
  return `# system.ini for ${image.artifact}${image.variant === undefined ? "" : ` (${image.variant})`}: read at every boot.
# Keys at the top, before any [section]. Comments are whole lines starting with # or ;.
# Removing a key does not undo what it did on a persistent system.
#
#hostname=${image.artifact}
#timezone=Asia/Tokyo
#locale=en_US.UTF-8
#ssh_pubkey=ssh-ed25519 AAAA... user@example
#autologin=false
#swapfile=true
#wifi_ssid=
#wifi_key=
`;
}

/** The `system.cfg` written when none is given: GRUB reads it to add kernel arguments. */
export function defaultSystemCfg(): string {
  return `# system.cfg: read by GRUB before it boots. Kernel arguments go in LINUX_ARGS, for example:
#set LINUX_ARGS="console=ttyS0,115200n8"
`;
}
