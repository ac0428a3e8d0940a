import type { BuildInputFacts } from "../sbom/index.js";

/**
 * The image's provenance: an in-toto Statement v1 whose predicate is SLSA Provenance v1, saying
 * which build, from which blueprint and pinned inputs, by which gp, made the image and its SBOM.
 * Apart from when the build started and finished, the same build gives the same statement.
 */

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const PROVENANCE_TYPE = "https://slsa.dev/provenance/v1";
/** What a gp build is, for verifiers that accept builds of a known kind. */
export const GP_BUILD_TYPE = "https://github.com/genpack-ts/genpack-ts/build-types/gp-build/v1";
/** The builder: gp run on the machine that built the image. */
export const GP_BUILDER_ID = "https://github.com/genpack-ts/genpack-ts/gp";

export interface ProvenanceFacts {
  /** The image file's name and SHA-256. */
  readonly image: { readonly name: string; readonly sha256: string };
  /** The SBOM beside the image: its name and SHA-256. */
  readonly sbom: { readonly name: string; readonly sha256: string };
  /** The blueprint or artifact directory built, relative to the project (where gp.lock is). */
  readonly blueprint: string;
  /** SHA-256 of the compiled artifact (see artifactDigest). */
  readonly artifactSha256: string;
  readonly arch: string;
  readonly variant: string | null;
  readonly phaseKeys: { readonly lower: string; readonly upper: string; readonly pack: string };
  readonly inputs: readonly BuildInputFacts[];
  readonly gpVersion: string;
  readonly startedOn: Date;
  readonly finishedOn: Date;
}

/** The digest names of in-toto's DigestSet for CycloneDX's algorithm names. */
const DIGEST_NAMES: Readonly<Record<BuildInputFacts["hashes"][number][0], string>> = { "SHA-512": "sha512", "SHA-256": "sha256", "BLAKE2b-512": "blake2b" };

/** Seconds-precision UTC time, as SLSA's examples write it. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The statement, as JSON text with a final newline. */
export function provenanceStatement(facts: ProvenanceFacts): string {
  const statement = {
    _type: STATEMENT_TYPE,
    subject: [
      { name: facts.image.name, digest: { sha256: facts.image.sha256 } },
      { name: facts.sbom.name, digest: { sha256: facts.sbom.sha256 } },
    ],
    predicateType: PROVENANCE_TYPE,
    predicate: {
      buildDefinition: {
        buildType: GP_BUILD_TYPE,
        externalParameters: {
          blueprint: { path: facts.blueprint, digest: { sha256: facts.artifactSha256 } },
          arch: facts.arch,
          variant: facts.variant,
        },
        internalParameters: { phaseKeys: facts.phaseKeys },
        resolvedDependencies: facts.inputs.map((input) => ({
          name: input.input,
          uri: input.url,
          digest: Object.fromEntries(input.hashes.map(([algorithm, content]) => [DIGEST_NAMES[algorithm], content])),
        })),
      },
      runDetails: {
        builder: { id: GP_BUILDER_ID, version: { gp: facts.gpVersion } },
        metadata: { startedOn: timestamp(facts.startedOn), finishedOn: timestamp(facts.finishedOn) },
      },
    },
  };
  return `${JSON.stringify(statement, null, 2)}\n`;
}
