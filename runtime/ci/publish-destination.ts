import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { quote } from "../../errors/quote.js";
import { S3_LOCATION } from "../binhost/s3-destination.js";


/** One folder of the prefix: a name a CI file carries as it is, never `.` or `..`. */
const PREFIX_PART = /^[A-Za-z0-9_.+-]+$/;

function refused(destination: string, why: string): GpError {
  return new GpError(codes.invalidPublishDestination, `--publish ${quote(destination)} ${why}`, {
    hint: "Give the bucket and the folder in it that holds one folder per arch, such as s3://my-binhost/gp.",
  });
}

/**
 * Where gp ci's jobs publish binary packages: `s3://BUCKET[/PREFIX]`, checked, without a final
 * `/`; each job appends `/<arch>`. Only a bucket: the runner's own folders are gone when the job
 * ends. A GpError saying what is wrong otherwise.
 */
export function checkPublishDestination(destination: string): string {
  const match = S3_LOCATION.exec(destination);
  if (match === null) throw refused(destination, "is not s3://BUCKET/PREFIX with a bucket name S3 allows (lower-case letters, digits, `.` and `-`).");
  const prefix = (match[2] ?? "").replace(/\/+$/, "");
  const parts = prefix === "" ? [] : prefix.split("/");
  for (const part of parts) {
    if (!PREFIX_PART.test(part) || part === "." || part === "..") {
      throw refused(destination, `has the folder ${quote(part)} in its prefix; each folder must be letters, digits and \`_ . + -\`, other than \`.\` and \`..\`, between single slashes.`);
    }
  }
  return `s3://${match[1] ?? ""}${prefix === "" ? "" : `/${prefix}`}`;
}
