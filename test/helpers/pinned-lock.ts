/**
 * The text of a gp.lock in gp's format that pins a stage3 for each arch given (its SHA-512 the
 * digit repeated), a Portage snapshot and a genpack-overlay, at URLs that lead nowhere (`.invalid`
 * never resolves): a command that tried to download any of them would fail.
 */
export function pinnedLockText(stage3: Readonly<Record<string, string>>, portage = "b", overlay = "c"): string {
  const entry = (arch: string, digit: string) => [arch, { url: `https://mirror.invalid/stage3-${arch}.tar.xz`, sha512: digit.repeat(128), size: 1, verified: "none", resolvedFrom: `https://mirror.invalid/latest-${arch}.txt` }];
  return `${JSON.stringify({
    version: 1,
    stage3: Object.fromEntries(Object.entries(stage3).map(([arch, digit]) => entry(arch, digit))),
    portage: { url: "https://mirror.invalid/portage-20260101.tar.xz", sha512: portage.repeat(128), size: 1, snapshot: "20260101" },
    overlay: { url: "https://mirror.invalid/genpack-overlay.tar.gz", sha512: overlay.repeat(128), size: 1, commit: null },
  })}\n`;
}
