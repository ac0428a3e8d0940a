/** The `system.cfg` written when none is given: GRUB reads it to add kernel arguments. */
export function defaultSystemCfg(): string {
  return `# system.cfg: read by GRUB before it boots. Kernel arguments go in LINUX_ARGS, for example:
#set LINUX_ARGS="console=ttyS0,115200n8"
`;
}
