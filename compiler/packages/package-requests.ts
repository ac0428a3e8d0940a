import type { Layer } from "../layers.js";
import type { FileRequest } from "../lower.js";
import type { DeclaredPackage } from "./collect-packages.js";
import { filesDirPath, plannedFiles } from "./package-paths.js";

/**
 * Packages come after every layer of the image, each on its own, so the merge rule "a later
 * layer replaces an earlier one's file" never lets one package's file stand in for another's.
 */
const FIRST_PACKAGE_INDEX = 1_000_000;

/** The files each package installs, as requests to read into the package's `files/`. */
export function packageFileRequests(packages: readonly DeclaredPackage[]): FileRequest[] {
  return packages.flatMap((declared, index) => {
    const layer: Layer = { kind: "package", spec: declared.spec as unknown as Readonly<Record<string, unknown>>, ...(declared.site === undefined ? {} : { site: declared.site }) };
    return plannedFiles(declared.spec).map(
      (planned): FileRequest => ({
        path: filesDirPath(declared.spec, planned.imagePath),
        source: { value: planned.source, origin: { layer, layerIndex: FIRST_PACKAGE_INDEX + index, path: planned.path } },
        role: planned.kind === "package-script" ? "package-script" : "file",
      }),
    );
  });
}
