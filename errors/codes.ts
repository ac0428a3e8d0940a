/**
 * The catalogue of gp's diagnostic codes. A code names one kind of problem forever: codes are
 * never renumbered or reused, so search results and docs stay right. TypeScript's own errors
 * keep their `TS` codes.
 *
 * GP1xxx: finding and loading the blueprint. GP2xxx: running it. GP3xxx: what it says.
 * GP4xxx: writing the artifact. GP5xxx: reading Portage repositories for the catalog.
 * GP6xxx: fetching and pinning build inputs, and the host's files. GP7xxx: the build phases.
 * GP8xxx: installing an image. GP9xxx: virtual machines.
 *
 * What causes each code, how to fix it and an example are in code-reference.ts, from which
 * `npm run docs` writes docs/error-codes.md.
 */
export const codes = {
  blueprintNotFound: { code: "GP1001", title: "The blueprint file does not exist" },
  notABlueprint: { code: "GP1002", title: "The file is not a TypeScript or JavaScript module" },
  syntaxError: { code: "GP1003", title: "The module cannot be parsed" },
  importNotFound: { code: "GP1004", title: "An import cannot be resolved" },
  tsconfigInvalid: { code: "GP1005", title: "The tsconfig.json that applies to the blueprint is invalid" },
  bothGenpackFiles: { code: "GP1006", title: "Both genpack.json5 and genpack.json exist" },
  noGenpackFile: { code: "GP1007", title: "No genpack.json5 or genpack.json" },
  genpackStops: { code: "GP1008", title: "genpack itself stops on this artifact" },
  notAFile: { code: "GP1009", title: "An input file is not a regular file, or cannot be read" },
  linkLeavesArtifact: { code: "GP1010", title: "A symbolic link leads out of the artifact directory" },
  importOutsideProject: { code: "GP1011", title: "An import leads through a link out of the project" },
  nothingToWorkOn: { code: "GP1012", title: "The current directory holds no artifact and no blueprint" },
  severalBlueprints: { code: "GP1013", title: "The current directory holds several blueprints and none was named" },
  sourceTooDeep: { code: "GP1014", title: "The source nests too deep to be read" },

  moduleThrew: { code: "GP2001", title: "The blueprint threw while it was evaluated" },
  noDefaultExport: { code: "GP2002", title: "The blueprint has no default export" },
  notAnImage: { code: "GP2003", title: "The default export is not an image" },
  incompatibleDsl: { code: "GP2004", title: "The value was made by an incompatible genpack-ts" },
  notAProfile: { code: "GP2005", title: "`extends` names something that is not a profile" },
  evaluationTimedOut: { code: "GP2006", title: "The blueprint did not finish within its time limit" },
  evaluationOutOfMemory: { code: "GP2007", title: "The blueprint used more memory than its limit" },
  blueprintExited: { code: "GP2008", title: "The blueprint tried to end the process" },
  leftRunning: { code: "GP2009", title: "The blueprint left work running after it was evaluated" },
  unhandledRejection: { code: "GP2010", title: "A promise the blueprint made was rejected and nothing handled it" },
  threwAfterEvaluation: { code: "GP2011", title: "The blueprint threw after it was evaluated" },
  notData: { code: "GP2012", title: "A value in the spec is not data" },
  evaluationCrashed: { code: "GP2013", title: "The process that ran the blueprint ended unexpectedly" },
  secondImage: { code: "GP2014", title: "The blueprint exports an image besides its default export" },

  unknownKey: { code: "GP3001", title: "Unknown key" },
  wrongType: { code: "GP3002", title: "Wrong type" },
  invalidAtom: { code: "GP3003", title: "Invalid package atom" },
  invalidUseFlag: { code: "GP3004", title: "Invalid USE flag" },
  invalidArchKey: { code: "GP3005", title: "Invalid arch key" },
  unknownPortageProfile: { code: "GP3006", title: "Unknown Portage profile" },
  unknownCompression: { code: "GP3007", title: "Unknown compression" },
  duplicateUser: { code: "GP3008", title: "User defined twice" },
  duplicateGroup: { code: "GP3009", title: "Group defined twice" },
  invalidAccountName: { code: "GP3010", title: "Invalid user or group name" },
  removalString: { code: "GP3011", title: "Removal written as a string" },
  unknownDefaultVariant: { code: "GP3012", title: "The default variant does not exist" },
  fileNotFound: { code: "GP3013", title: "Source file not found" },
  pathEscapes: { code: "GP3014", title: "Source path leaves the module's folder" },
  invalidImagePath: { code: "GP3015", title: "Invalid path in the image" },
  unknownEnvFile: { code: "GP3016", title: "`env` names an environment file that is not defined" },
  invalidServiceName: { code: "GP3017", title: "Invalid systemd unit name" },
  invalidId: { code: "GP3018", title: "Invalid user or group id" },
  scriptNotRunnable: { code: "GP3019", title: "Build script cannot be run" },
  pathCollision: { code: "GP3020", title: "Two sources write the same artifact path" },
  removalMatchesNothing: { code: "GP3021", title: "A removal matches nothing" },
  invalidMode: { code: "GP3022", title: "Invalid file mode" },
  invalidVariantName: { code: "GP3023", title: "Invalid variant name" },
  invalidFileName: { code: "GP3024", title: "Invalid file name" },
  emptyValue: { code: "GP3025", title: "Empty value" },
  duplicateId: { code: "GP3026", title: "Two users or groups share an id" },
  invalidKeyword: { code: "GP3027", title: "Invalid keyword" },
  invalidCapacity: { code: "GP3028", title: "Invalid lower layer capacity" },
  reservedImagePath: { code: "GP3029", title: "Path reserved for build scripts" },
  useFlagPlus: { code: "GP3030", title: "USE flag written with a leading +" },
  invalidLicense: { code: "GP3031", title: "Invalid license name" },
  invalidPatchTarget: { code: "GP3032", title: "Invalid patch target" },
  invalidImageName: { code: "GP3033", title: "Invalid image name" },
  ignoredByGenpack: { code: "GP3034", title: "genpack ignores this setting" },
  sharedOutfile: { code: "GP3035", title: "Every variant writes the same output file" },
  unknownScriptUser: { code: "GP3036", title: "Build scripts for a user the image does not define" },
  shadowedSetting: { code: "GP3037", title: "A setting is overridden by an earlier layer's arch block" },
  userNamedLikeGroup: { code: "GP3038", title: "A user has the name of a group" },
  commentedPackage: { code: "GP3039", title: "A package entry that Portage reads as a comment" },
  noArchLeft: { code: "GP3040", title: "No arch is left that the image exists for" },
  deadArchBlock: { code: "GP3041", title: "An arch block for an arch the image does not exist for" },
  profileConflict: { code: "GP3042", title: "Two different Portage profiles" },
  archNotSupported: { code: "GP3043", title: "The image does not exist for this arch" },
  invalidCategory: { code: "GP3044", title: "Invalid package category" },
  invalidPackageName: { code: "GP3045", title: "Invalid package name" },
  invalidVersion: { code: "GP3046", title: "Invalid package version" },
  invalidDependency: { code: "GP3047", title: "Invalid dependency specification" },
  undeclaredUseFlag: { code: "GP3048", title: "A USE conditional names a flag the package does not declare" },
  packageConflict: { code: "GP3049", title: "Two different packages share a name" },
  packageFileCollision: { code: "GP3050", title: "Two packages install the same file" },
  missingLicense: { code: "GP3051", title: "A package that installs files has no license" },
  invalidSource: { code: "GP3052", title: "Invalid source archive" },
  invalidSlot: { code: "GP3053", title: "Invalid slot" },
  invalidPackageText: { code: "GP3054", title: "Invalid package description or homepage" },
  initModuleWithoutConfigure: { code: "GP3055", title: "A genpack-init module defines no configure()" },
  pinnedRevision: { code: "GP3056", title: "A dependency pins revision 0 of a package gp revisions" },
  invalidSetupCommand: { code: "GP3057", title: "A setup command holds a line break or NUL" },
  invalidInstall: { code: "GP3058", title: "A package's install commands are not shell bash can read" },
  valueTooDeep: { code: "GP3059", title: "A value nests too deep, or contains itself" },

  outputNotOwned: { code: "GP4001", title: "The output directory holds files gp did not write" },
  outputWriteFailed: { code: "GP4002", title: "The artifact could not be written" },
  outputRefused: { code: "GP4003", title: "The output directory is one gp never writes into" },
  invalidManifest: { code: "GP4004", title: "The output directory's manifest is not one gp wrote" },

  repositoryNotFound: { code: "GP5001", title: "The repository path does not exist or cannot be read" },
  notARepository: { code: "GP5002", title: "The directory is not a Portage repository" },
  unnamedRepository: { code: "GP5003", title: "The repository does not state its name" },
  repositoryNameConflict: { code: "GP5004", title: "profiles/repo_name and metadata/layout.conf name the repository differently" },
  unexpandedVariable: { code: "GP5005", title: "An ebuild variable refers to something gp cannot expand" },
  missingMetadataCache: { code: "GP5006", title: "Ebuilds without an md5-cache entry" },
  malformedRepositoryData: { code: "GP5007", title: "A repository file holds a line or name gp cannot read" },

  unknownPackage: { code: "GP5101", title: "A package no repository of the catalog has" },
  unknownUseFlag: { code: "GP5102", title: "A USE flag the package does not have in the catalog" },
  unknownUseExpandValue: { code: "GP5103", title: "A USE_EXPAND value the catalog does not describe" },
  unknownLicense: { code: "GP5104", title: "A license no repository of the catalog has" },
  invalidCatalog: { code: "GP5105", title: "The file is not a catalog that gp catalog writes" },
  catalogNotFound: { code: "GP5106", title: "The catalog file does not exist or cannot be read" },

  // GP6xxx: what a build fetches (stage3, Portage snapshot, genpack-overlay), gp.lock, and the host.
  downloadRefused: { code: "GP6001", title: "A server answered a download with an HTTP error" },
  downloadBroke: { code: "GP6002", title: "A download failed: the connection could not be made or broke" },
  downloadTimedOut: { code: "GP6003", title: "A server stopped answering a download" },
  checksumMismatch: { code: "GP6004", title: "A downloaded file does not have the size or digest it must have" },
  notInCacheOffline: { code: "GP6005", title: "Offline, and the download cache lacks a file the build needs" },
  downloadCancelled: { code: "GP6006", title: "A download was cancelled" },
  signatureInvalid: { code: "GP6007", title: "An OpenPGP signature is missing, bad, or cannot be checked" },
  malformedUpstreamFile: { code: "GP6008", title: "A file from upstream does not have the format gp reads" },
  lockfileInvalid: { code: "GP6009", title: "gp.lock cannot be read, does not fit the build, or may not change" },
  localInputUnusable: { code: "GP6010", title: "A local file given as an input, or the download cache, cannot be used" },
  fileSystemRefused: { code: "GP6011", title: "The system refused a file operation: a full disk, no permission, a read-only or failing file system" },

  // GP7xxx: the build phases (lower, upper, pack).
  commandFailed: { code: "GP7001", title: "A command gp ran for the build failed" },
  lowerNotConfigurable: { code: "GP7002", title: "The lower layer cannot be configured" },
  upperNotBuildable: { code: "GP7003", title: "The upper layer cannot be built" },
  phaseOutOfOrder: { code: "GP7004", title: "A phase was asked for before the one it needs" },
  brokenProfileStack: { code: "GP7005", title: "The lower's Portage profile stack cannot be read" },
  crossArchUnavailable: { code: "GP7006", title: "This machine cannot run programs of the image's arch" },
  hostNotReady: { code: "GP7007", title: "A build needs root and programs this machine lacks" },
  buildLocked: { code: "GP7008", title: "Another gp builds in the same work directory, or its lock cannot be taken" },

  // GP8xxx: gp install, gp rollback.
  installRefused: { code: "GP8001", title: "gp install refuses the image, the target or the options" },

  // GP9xxx: gp vm.
  vmRefused: { code: "GP9001", title: "A gp vm command cannot do what was asked" },
  qmpFailed: { code: "GP9002", title: "QEMU refused a command, or its control socket failed" },
  kernelNotLoadable: { code: "GP9003", title: "The image's kernel is compressed in a way gp cannot unpack" },
} as const satisfies Record<string, { readonly code: `GP${number}`; readonly title: string }>;

/** One entry of the catalogue. */
export type CodeEntry = (typeof codes)[keyof typeof codes];
