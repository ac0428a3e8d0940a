/** What a CI file is written with, besides the matrix. */
export interface CiOptions {
  /** The binhost gp build fetches binary packages from, or undefined for none. */
  readonly binhost?: string;
  /** Where pushes to the default branch publish the binary packages they built (`s3://BUCKET/PREFIX`), or undefined for nowhere. */
  readonly publish?: string;
  /** Whether the project has a package-lock.json, so the job installs gp with `npm ci`. */
  readonly hasLock: boolean;
  /** How many blueprints the matrix comes from. */
  readonly blueprints: number;
}
