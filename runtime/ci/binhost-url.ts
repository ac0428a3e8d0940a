import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { quote } from "../../errors/quote.js";

/**
 * A URL as a CI file may carry it into a command line: a scheme, `://`, and URL characters
 * only, none of which YAML, the shell or a CI engine's variables (`$`, `${{ }}`) read as
 * anything but themselves once quoted.
 */
const URL_FOR_CI = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[A-Za-z0-9._~:/?#[\]@!&'()*+,;=%-]+$/;

/**
 * The binhost URL given to gp ci, checked, without a final `/`: each job appends `/<arch>` to it.
 * A query or fragment would end up before that, so neither is taken. A GpError saying what is
 * wrong otherwise.
 */
export function checkBinhostUrl(url: string): string {
  if (!URL_FOR_CI.test(url) || !URL.canParse(url)) {
    throw new GpError(codes.invalidBinhostUrl, `--binhost ${quote(url)} is not a URL gp ci can write into a CI file.`, {
      hint: "Give the binhost's whole URL, such as https://binhost.example.org/gp, without spaces or `$`.",
    });
  }
  if (url.includes("?") || url.includes("#")) {
    throw new GpError(codes.invalidBinhostUrl, `--binhost ${quote(url)} has a query or fragment; each job reads the binhost of its arch at URL/ARCH, after the path.`, {
      hint: "Give the URL of the folder that holds one folder per arch, such as https://binhost.example.org/gp.",
    });
  }
  return url.replace(/\/+$/, "");
}
