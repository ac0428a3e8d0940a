/**
 * The catalogue of gp's diagnostic codes. A code names one kind of problem forever: codes are
 * never renumbered or reused, so search results and docs stay right. TypeScript's own errors
 * keep their `TS` codes.
 *
 * GP1xxx: finding and loading the blueprint. GP2xxx: running it. GP3xxx: what it says.
 * GP4xxx: writing the artifact.
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

  moduleThrew: { code: "GP2001", title: "The blueprint threw while it was evaluated" },
  noDefaultExport: { code: "GP2002", title: "The blueprint has no default export" },
  notAnImage: { code: "GP2003", title: "The default export is not an image" },
  incompatibleDsl: { code: "GP2004", title: "The value was made by an incompatible genpack-ts" },
  notAProfile: { code: "GP2005", title: "`extends` names something that is not a profile" },

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

  outputNotOwned: { code: "GP4001", title: "The output directory holds files gp did not write" },
  outputWriteFailed: { code: "GP4002", title: "The artifact could not be written" },
} as const satisfies Record<string, { readonly code: `GP${number}`; readonly title: string }>;

/** One entry of the catalogue. */
export type CodeEntry = (typeof codes)[keyof typeof codes];
