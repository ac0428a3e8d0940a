import type { codes } from "./codes.js";

/** What the reference says of one code: why it is raised, what to do, and a short input that raises it. */
export interface CodeReference {
  readonly cause: string;
  readonly fix: string;
  /** A short blueprint line, genpack.json5 line or command that raises the code. */
  readonly example: string;
}

/** The groups of the register, by the first digit of their codes. */
export const codeGroups: { readonly [digit: string]: string } = {
  "1": "Finding and loading the blueprint",
  "2": "Running the blueprint",
  "3": "What the blueprint or genpack.json5 says",
  "4": "Writing the artifact",
  "5": "Portage repositories and the catalog",
  "6": "Build inputs (downloads, signatures, gp.lock) and the host's files",
  "7": "The build phases",
  "8": "Installing an image",
  "9": "Virtual machines",
};

/**
 * The reference of every code in the register, keyed by the register's names, so that an entry
 * without its reference does not type-check. `npm run docs` writes docs/error-codes.md from it.
 */
export const codeReference: { readonly [name in keyof typeof codes]: CodeReference } = {
  blueprintNotFound: {
    cause: "The blueprint named on the command line does not exist.",
    fix: "Check the path; blueprints are usually named `<name>.image.ts`.",
    example: "gp compile nextcloud.image.ts   # no such file",
  },
  notABlueprint: {
    cause: "The file named is not a `.ts`, `.mts`, `.js` or `.mjs` module.",
    fix: "Name the blueprint module, or the artifact directory holding genpack.json5.",
    example: "gp compile notes.txt",
  },
  syntaxError: {
    cause: "The blueprint or a module it imports cannot be parsed.",
    fix: "Correct the syntax at the position shown.",
    example: "export default defineImage({ name: \"x\" ",
  },
  importNotFound: {
    cause: "An import names a module or file that cannot be found.",
    fix: "Install the package (`npm install`), or correct the relative path.",
    example: "import paravirt from \"@genpack-ts/profile-paravrit\";",
  },
  tsconfigInvalid: {
    cause: "The tsconfig.json that applies to the blueprint cannot be read or has wrong options.",
    fix: "Correct the tsconfig.json named in the message.",
    example: "tsconfig.json: { \"compilerOptions\": { \"strict\": \"yes\" } }",
  },
  bothGenpackFiles: {
    cause: "The artifact directory holds both genpack.json5 and genpack.json, and genpack would read only one.",
    fix: "Delete the one you do not mean.",
    example: "ls artifact/   # genpack.json  genpack.json5",
  },
  noGenpackFile: {
    cause: "The directory given as an artifact holds neither genpack.json5 nor genpack.json.",
    fix: "Name the artifact directory itself, or a blueprint.",
    example: "gp check ./empty-dir",
  },
  genpackStops: {
    cause: "genpack itself would stop on this artifact (its Python code raises on the value), or gp import made a blueprint that does not compile.",
    fix: "Correct the value the message names; for gp import, report the artifact as a bug.",
    example: "genpack.json5: { arch: { x86_64: [] } }",
  },
  notAFile: {
    cause: "An input (a blueprint, a module or data file it imports, genpack.json5, a folder of the artifact, the file given to gp install's --system-ini or --system-cfg) does not exist, is a FIFO, a device, a dangling or looping link, or cannot be read; or a package.json, tsconfig.json or jsconfig.json in a folder above a blueprint or in one its imports reach, or a file a tsconfig.json extends, is a FIFO, a device or a link to one, which the bundler and TypeScript would open and wait on.",
    fix: "Make it a regular file (or directory) that can be read.",
    example: "mkfifo x.image.ts && gp compile x.image.ts",
  },
  linkLeavesArtifact: {
    cause: "genpack.json5 or a folder of the artifact (files/, kernel/, env/, ...) is a symbolic link to somewhere outside the artifact directory; gp never reads through it.",
    fix: "Copy the content into the artifact instead of linking to it.",
    example: "ln -s /etc artifact/files && gp check artifact",
  },
  importOutsideProject: {
    cause: "An import reaches, through a symbolic link, a file outside the project, its node_modules and gp's packages.",
    fix: "Move the module into the project, or install it as a package.",
    example: "ln -s /home/me/secret.ts lib.ts   # import \"./lib.ts\"",
  },
  nothingToWorkOn: {
    cause: "No target was given, and the current directory holds no genpack.json5 and no `*.image.ts` blueprint.",
    fix: "Name a blueprint or an artifact directory, or run gp where one is.",
    example: "cd /tmp && gp build",
  },
  severalBlueprints: {
    cause: "No target was given, and the current directory holds more than one blueprint.",
    fix: "Name the blueprint to use.",
    example: "ls   # a.image.ts b.image.ts; gp compile",
  },
  sourceTooDeep: {
    cause: "The source nests brackets more than 256 deep, deeper than gp's parsers follow.",
    fix: "Flatten the nesting, or build the value in steps.",
    example: "export default [[[[...]]]];   // 300 levels",
  },
  noBlueprintsInFolder: {
    cause: "`gp build --all` or `gp ci` found no `*.image.ts` blueprint in the folder, outside `node_modules`, `out`, `work` and hidden folders; or the path is not a folder. A CI file of no blueprint would build nothing.",
    fix: "Name the folder that holds the blueprints (`gp ci github blueprints`), or build one blueprint with `gp build FILE`.",
    example: "mkdir empty && gp build --all empty",
  },
  linkLeavesFolder: {
    cause: "A symbolic link in the folder `gp build --all` or `gp ci` searches points outside it. gp never follows such a link: what it builds would depend on files elsewhere on the machine (or, in CI, files the checkout does not have).",
    fix: "Replace the link with the file or folder itself, or move what it points to into the folder.",
    example: "ln -s /etc/shared images/shared && gp build --all images",
  },
  pathUnfitForCi: {
    cause: "A blueprint's path, relative to the folder gp ci was given, holds a character other than letters, digits and `_ . + / -`. Such a path would be read as YAML, as shell or as a GitHub expression (`${{ }}`) by the CI engine instead of as a name.",
    fix: "Rename the blueprint or its folder to letters, digits and `_ . + / -`.",
    example: "my images/web.image.ts",
  },
  nativeCheckerUnavailable: {
    cause: "`GP_TYPECHECKER=typescript-native` forces TypeScript's native compiler, and it cannot run: the package of its binary for this platform (`@typescript/typescript-<platform>-<arch>`, an optional dependency) is not installed, or the binary failed. Without the variable gp uses TypeScript 6 instead.",
    fix: "Install gp again with its optional dependencies (`npm install` without `--omit=optional`), or unset `GP_TYPECHECKER`.",
    example: "GP_TYPECHECKER=typescript-native gp check app.image.ts",
  },
  moduleThrew: {
    cause: "The blueprint, or a module it imports, threw while it was evaluated.",
    fix: "Fix the code at the line shown; the thrown error's message is quoted.",
    example: "throw new Error(\"not yet\");",
  },
  noDefaultExport: {
    cause: "The blueprint has no `export default`.",
    fix: "Export the image: `export default defineImage({ ... })`.",
    example: "const image = defineImage({ name: \"x\" });   // not exported",
  },
  notAnImage: {
    cause: "The default export is not a value made with defineImage().",
    fix: "Export `defineImage({ ... })`; a profile is extended, not exported as the image.",
    example: "export default { name: \"x\" };",
  },
  incompatibleDsl: {
    cause: "The value was made by another, incompatible version of genpack-ts (a second copy in node_modules).",
    fix: "Install one version of genpack-ts for the project and its profiles (`npm dedupe`).",
    example: "node_modules/some-profile/node_modules/genpack-ts   # an old copy",
  },
  notAProfile: {
    cause: "`extends` names something that is not a profile made with defineProfile(), such as an image.",
    fix: "Extend a profile; share an image's settings by making them a profile.",
    example: "defineImage({ extends: otherImage })",
  },
  evaluationTimedOut: {
    cause: "The blueprint did not finish within its time limit (30 s by default).",
    fix: "Find the loop or the wait that does not end, or give more time with `--eval-timeout SECONDS`.",
    example: "while (true) {}",
  },
  evaluationOutOfMemory: {
    cause: "The blueprint used more heap than its limit (1 GiB by default).",
    fix: "Build less data, or give more with `--eval-memory SIZE`.",
    example: "const a = []; for (;;) a.push(new Array(1e6));",
  },
  blueprintExited: {
    cause: "The blueprint called `process.exit()` or `process.abort()`.",
    fix: "Throw an Error instead; gp reports it with its line.",
    example: "process.exit(1);",
  },
  leftRunning: {
    cause: "The blueprint left a timer, socket or other work running after it was evaluated, which would keep gp waiting.",
    fix: "Clear timers and close what the blueprint opens before it finishes.",
    example: "setInterval(() => {}, 1000);",
  },
  unhandledRejection: {
    cause: "A promise the blueprint made was rejected and nothing handled the rejection.",
    fix: "Await the promise, or attach a `.catch()`.",
    example: "Promise.reject(new Error(\"lost\"));",
  },
  threwAfterEvaluation: {
    cause: "Work the blueprint left running (a timer, a callback) threw after the blueprint was evaluated.",
    fix: "Do the work before the default export is made, and await it.",
    example: "setTimeout(() => { throw new Error(\"late\"); }, 0);",
  },
  notData: {
    cause: "A value in the spec is not plain data: a function, a class instance, a symbol, a proxy, a bigint.",
    fix: "Use strings, numbers, booleans, null, plain objects and lists.",
    example: "defineImage({ name: \"x\", packages: [new Date()] })",
  },
  evaluationCrashed: {
    cause: "The process that ran the blueprint ended before it reported back (killed, or a crash in Node or a native module).",
    fix: "Read the lines it printed, quoted in the message; run again to see whether it repeats.",
    example: "process.kill(process.pid, \"SIGKILL\");",
  },
  secondImage: {
    cause: "The blueprint exports an image besides its default export; gp only builds the default one.",
    fix: "Put each image in a blueprint of its own, or make the shared part a profile.",
    example: "export const debug = defineImage({ name: \"x-debug\" });",
  },
  unknownKey: {
    cause: "A key that neither gp nor genpack knows, often a misspelling.",
    fix: "Use the key the message suggests, or remove it.",
    example: "defineImage({ pakages: [\"app-misc/jq\"] })",
  },
  wrongType: {
    cause: "A value has the wrong type for its key.",
    fix: "Give the type the message names.",
    example: "defineImage({ packages: \"app-misc/jq\" })   // a list is needed",
  },
  invalidAtom: {
    cause: "A package atom that Portage cannot read.",
    fix: "Write it as `category/name`, with an optional operator and version (`>=dev-lang/php-8.2`).",
    example: "packages: [\"php\"]",
  },
  invalidUseFlag: {
    cause: "A USE flag that is not a valid flag name, or a malformed `-flag`.",
    fix: "Flags are letters, digits and `+_@-`, starting with a letter or digit; prefix `-` to disable.",
    example: "use: { \"dev-lang/php\": \"my sql\" }",
  },
  invalidArchKey: {
    cause: "An arch block key names no arch genpack builds for.",
    fix: "Use x86_64, aarch64, i686 or riscv64, or several joined with `|`.",
    example: "arch: { amd64: { packages: [\"sys-apps/dmidecode\"] } }",
  },
  unknownPortageProfile: {
    cause: "`profile` names no Portage profile of genpack-overlay.",
    fix: "Use one of the profiles listed in the message, such as `paravirt`.",
    example: "profile: \"paravirtual\"",
  },
  unknownCompression: {
    cause: "`compression` is not one genpack knows.",
    fix: "Use gzip, xz, lzo or none.",
    example: "compression: \"zstd\"",
  },
  duplicateUser: {
    cause: "The same user is defined twice.",
    fix: "Keep one definition; a later layer changes a user by overriding its fields.",
    example: "users: [{ name: \"app\" }, { name: \"app\" }]",
  },
  duplicateGroup: {
    cause: "The same group is defined twice.",
    fix: "Keep one definition.",
    example: "groups: [\"media\", \"media\"]",
  },
  invalidAccountName: {
    cause: "A user or group name that useradd or groupadd would refuse.",
    fix: "Use lower-case letters, digits, `_` and `-`, starting with a letter or `_`, at most 32 characters.",
    example: "users: [{ name: \"Web User\" }]",
  },
  removalString: {
    cause: "A removal is written as genpack's string form `\"-atom\"`.",
    fix: "Write `remove(\"atom\")`, which says what it means and is type-checked.",
    example: "packages: [\"-app-editors/nano\"]",
  },
  unknownDefaultVariant: {
    cause: "`defaultVariant` names a variant the image does not define.",
    fix: "Name one of `variants`, or define it.",
    example: "variants: { cuda: {} }, defaultVariant: \"rocm\"",
  },
  fileNotFound: {
    cause: "A `file()` or `directory()` names a source that does not exist.",
    fix: "Correct the path; it is relative to the module that calls file().",
    example: "files: { \"/etc/app.yaml\": file(\"./app.yml\") }",
  },
  pathEscapes: {
    cause: "A `file()` or `directory()` path leaves the folder of the module that calls it.",
    fix: "Move the file under the module's folder, or call file() from a module beside it.",
    example: "file(\"../../etc/passwd\")",
  },
  invalidImagePath: {
    cause: "A path in the image is not absolute, holds `..`, whitespace where a Manifest cannot list it, or copies a file to `/`.",
    fix: "Give an absolute path inside the image, such as `/etc/app.conf`.",
    example: "files: { \"etc/motd\": \"hi\\n\" }",
  },
  unknownEnvFile: {
    cause: "`env` applies an environment file that `envFiles` (env/) does not define.",
    fix: "Define it in `envFiles`, or correct the name.",
    example: "env: { \"dev-lang/rust\": \"debug.conf\" }   // no envFiles[\"debug.conf\"]",
  },
  invalidServiceName: {
    cause: "A service is not a valid systemd unit name.",
    fix: "Give the unit name, such as `sshd` or `nginx.service`.",
    example: "services: [\"my service\"]",
  },
  invalidId: {
    cause: "A uid or gid is not a whole number from 0 to 65535, or is a reserved one.",
    fix: "Give a whole number in range, or leave it out to let the system choose.",
    example: "users: [{ name: \"app\", uid: -1 }]",
  },
  scriptNotRunnable: {
    cause: "A package script has no `#!` line, or a mode that is not executable, so genpack's runner skips or fails it.",
    fix: "Start it with a line such as `#!/bin/sh`, and drop the mode or give one such as 0o755.",
    example: "packageScripts: { \"10-setup.sh\": \"systemctl enable x\\n\" }",
  },
  pathCollision: {
    cause: "Two sources write the same artifact path, or a file stands where another needs a directory.",
    fix: "Keep one of them, or move one to another path.",
    example: "files: { \"/etc/a\": \"x\", \"/\": directory(\"./files\") }   // files/etc/a exists",
  },
  removalMatchesNothing: {
    cause: "A removal removes nothing: it matches only the exact atom string added before it, and cannot remove what the Portage profile adds.",
    fix: "Remove the atom exactly as it was added, or drop the removal.",
    example: "packages: [\"app-misc/jq\", remove(\">=app-misc/jq-1\")]",
  },
  invalidMode: {
    cause: "A file mode is not an octal permission from 0 to 0o7777.",
    fix: "Give a mode such as 0o644 or 0o755.",
    example: "text(\"#!/bin/sh\\n\", { mode: 755 })   // decimal, not 0o755",
  },
  invalidVariantName: {
    cause: "A variant name has characters genpack cannot put in a file name.",
    fix: "Use letters, digits and `_.+-`, at most 200 bytes.",
    example: "variants: { \"gpu/cuda\": {} }",
  },
  invalidFileName: {
    cause: "A file name (of a script, init module, env file, unit) holds `/`, is `.` or `..`, or has characters genpack cannot use.",
    fix: "Give a plain file name.",
    example: "buildScripts: { \"../10-setup.sh\": file(\"./setup.sh\") }",
  },
  emptyValue: {
    cause: "A value that may not be empty is empty or only whitespace.",
    fix: "Give the value, or remove the entry.",
    example: "packages: [\"\"]",
  },
  duplicateId: {
    cause: "Two users, or two groups, have the same id.",
    fix: "Give each a different id.",
    example: "users: [{ name: \"a\", uid: 1000 }, { name: \"b\", uid: 1000 }]",
  },
  invalidKeyword: {
    cause: "A keyword names no arch genpack builds for.",
    fix: "Use the Portage arch names (amd64, arm64, x86, riscv), `~arch` or `-*`.",
    example: "acceptKeywords: { \"app-misc/jq\": \"~x86_64\" }",
  },
  invalidCapacity: {
    cause: "`lowerLayerCapacity` is outside 1 to 65536 GiB.",
    fix: "Give the size of the lower layer in GiB.",
    example: "lowerLayerCapacity: 0",
  },
  reservedImagePath: {
    cause: "A file lands in /build.d or /build, which genpack runs as build scripts and leaves out of the image.",
    fix: "Name build scripts in `buildScripts` or `userBuildScripts`.",
    example: "files: { \"/build.d/10-setup.sh\": file(\"./setup.sh\") }",
  },
  useFlagPlus: {
    cause: "A USE flag is written with a leading `+`, which Portage reads as part of the name in package.use.",
    fix: "Drop the `+`: a flag alone enables it.",
    example: "use: { \"dev-lang/php\": \"+curl\" }",
  },
  invalidLicense: {
    cause: "A license name that Portage cannot read.",
    fix: "Use the name of a file in the repository's licenses/ (such as `MIT`, `GPL-2+`).",
    example: "license: { \"sys-kernel/linux-firmware\": \"linux firmware\" }",
  },
  invalidPatchTarget: {
    cause: "A `patches` key is not a package (`category/name`, optionally with a version or slot).",
    fix: "Name the package the patches apply to.",
    example: "patches: { mutter: { \"fix.patch\": file(\"./fix.patch\") } }",
  },
  invalidImageName: {
    cause: "The image `name` has characters genpack cannot put in a file name, or is longer than 200 bytes.",
    fix: "Use letters, digits and `_.+-`.",
    example: "defineImage({ name: \"../nextcloud\" })",
  },
  ignoredByGenpack: {
    cause: "genpack reads the setting in no place where it is written (such as `compression` inside an arch block), so it has no effect.",
    fix: "Move it to the top level or to the variant, or remove it.",
    example: "arch: { x86_64: { compression: \"xz\" } }",
  },
  sharedOutfile: {
    cause: "A top-level `outfile` with variants: genpack writes every variant to the same file, each build replacing the last.",
    fix: "Set `outfile` in each variant, or leave it out.",
    example: "outfile: \"image.squashfs\", variants: { a: {}, b: {} }",
  },
  unknownScriptUser: {
    cause: "`userBuildScripts` has scripts for a user the image does not define.",
    fix: "Add the user to `users`, or correct the name.",
    example: "userBuildScripts: { nextcloud: { \"occ.sh\": file(\"./occ.sh\") } }   // no such user",
  },
  shadowedSetting: {
    cause: "A setting is overridden by an arch block of an earlier layer, so it has no effect on that arch.",
    fix: "Set it in the same arch block in this layer, or change the earlier layer.",
    example: "profile arch: { x86_64: { compression: \"gzip\" } }; image compression: \"xz\"",
  },
  userNamedLikeGroup: {
    cause: "A user has the name of a group defined separately; useradd would fail creating its own group of that name.",
    fix: "Rename one of them, or make the group the user's primary group.",
    example: "users: [{ name: \"media\" }], groups: [\"media\"]",
  },
  commentedPackage: {
    cause: "A package entry starts with `#`, which Portage reads in a set file as a comment.",
    fix: "Remove the entry, or delete the `#`.",
    example: "packages: [\"#app-misc/jq\"]",
  },
  noArchLeft: {
    cause: "The layers limit the image's arches so that no arch is left it exists for.",
    fix: "Widen `arches` in one of the layers, or drop the profile that limits them.",
    example: "profile arches: [\"aarch64\"]; image arches: [\"x86_64\"]",
  },
  deadArchBlock: {
    cause: "An arch block is for an arch the image does not exist for, so it is never used.",
    fix: "Remove the block, or allow the arch.",
    example: "arches: [\"x86_64\"], arch: { aarch64: { packages: [\"x\"] } }",
  },
  profileConflict: {
    cause: "Two layers set different Portage profiles.",
    fix: "Set the profile in one layer only, or make the layers agree.",
    example: "extends: paravirt, profile: \"baremetal\"",
  },
  archNotSupported: {
    cause: "The image does not exist for the arch asked for, genpack-overlay has no such profile for it, or `--arch` names an arch genpack does not build for.",
    fix: "Build for one of the arches the message lists (`--arch`).",
    example: "gp build --arch riscv64 raspberrypi.image.ts",
  },
  invalidCategory: {
    cause: "A package category is not a valid Portage category name.",
    fix: "Use a `group-name` category such as `app-misc`.",
    example: "definePackage({ category: \"App Misc\", name: \"x\", version: \"1\" })",
  },
  invalidPackageName: {
    cause: "A package name is not a valid Portage package name (it may not end in a version).",
    fix: "Use letters, digits and `_+-`, not ending in `-1.0`.",
    example: "definePackage({ category: \"app-misc\", name: \"tool-1.0\", version: \"1\" })",
  },
  invalidVersion: {
    cause: "A package version is not one Portage can read.",
    fix: "Write versions such as `1.0`, `2.3.1_rc1` or `1.0-r1`.",
    example: "definePackage({ ..., version: \"v1.0\" })",
  },
  invalidDependency: {
    cause: "A dependency string is not valid PMS dependency syntax.",
    fix: "Write atoms, `use? ( ... )`, `|| ( ... )` groups and blockers as PMS defines them.",
    example: "rdepend: [\"|| app-misc/a app-misc/b\"]",
  },
  undeclaredUseFlag: {
    cause: "A USE conditional in a package's dependencies names a flag the package does not declare in `iuse`.",
    fix: "Add the flag to `iuse`, or correct the condition.",
    example: "definePackage({ ..., rdepend: [\"ssl? ( dev-libs/openssl )\"] })   // no iuse",
  },
  packageConflict: {
    cause: "Two different definePackage() values have the same category and name.",
    fix: "Give them different names, or use one value in both places.",
    example: "definePackage({ category: \"app-misc\", name: \"x\", version: \"1\" }) twice, different",
  },
  packageFileCollision: {
    cause: "Two packages install the same file; Portage refuses the second one.",
    fix: "Install the file from one package only.",
    example: "two definePackage() with files: { \"/etc/x.conf\": ... }",
  },
  missingLicense: {
    cause: "A package that installs files has no `license`; Portage and pkgcheck refuse it.",
    fix: "Give the package's license, such as `license: \"MIT\"`.",
    example: "definePackage({ ..., files: { \"/etc/x\": \"y\" } })",
  },
  invalidSource: {
    cause: "A source archive has a URL that is not http, https, ftp or mirror://, or a bad size or digest.",
    fix: "Give the URL with its size and SHA-512 (and BLAKE2B) digests.",
    example: "sources: [{ url: \"file:///tmp/x.tar.gz\", size: 1, sha512: \"...\" }]",
  },
  invalidSlot: {
    cause: "A package slot is not a valid Portage slot.",
    fix: "Use a slot such as `0` or `2/2.1`.",
    example: "definePackage({ ..., slot: \"a b\" })",
  },
  invalidPackageText: {
    cause: "A package's description has line breaks or control characters, or its homepage is not an http, https or ftp URL.",
    fix: "Keep the description on one line; give a web URL as homepage.",
    example: "definePackage({ ..., homepage: \"example.org\" })",
  },
  initModuleWithoutConfigure: {
    cause: "A genpack-init module defines no `configure()` function, which genpack-init calls at boot.",
    fix: "Define `def configure(ini):` in the module.",
    example: "initModules: { \"50x.py\": \"print('hi')\\n\" }",
  },
  pinnedRevision: {
    cause: "A dependency pins revision 0 (`=cat/pkg-1.0`) of a package gp gives a revision of its own, so nothing matches it.",
    fix: "Depend on `~cat/pkg-1.0` or on the package value itself.",
    example: "rdepend: [\"=app-misc/greeter-1.0\"]",
  },
  invalidSetupCommand: {
    cause: "A setup command holds a NUL or a line break; each entry is one command given to `sh -c`.",
    fix: "Make each line an entry of its own.",
    example: "setupCommands: [\"a\\nb\"]",
  },
  invalidInstall: {
    cause: "A package's install commands are not shell that bash can read.",
    fix: "Correct the shell at the line bash names.",
    example: "definePackage({ ..., install: \"if true; then dobin x\" })",
  },
  valueTooDeep: {
    cause: "A value nests more than 64 objects and lists deep, or contains itself.",
    fix: "Flatten it, or break the cycle.",
    example: "const a: any = {}; a.self = a; defineImage({ name: \"x\", files: a })",
  },
  invalidSettingDeclaration: {
    cause: "A system.ini setting declared in `systemIniSettings` or with an init module is malformed: an unknown kind, a key that is not lower-case or holds a delimiter (`=`, `:`) or whitespace, a section name with `]` or a line break, `min` above `max`, or a `pattern` that is not a regular expression. configparser would never hand the module such a key, or gp could not check values against it.",
    fix: "Declare the key as the module passes it to `ini.get()`: lower-case, in the section it reads, with one of the kinds bool, int, string, enum, timezone, locale, ssh-public-keys, crypt-hash, ipv4, ipv6, ipv4-cidr, ipv6-cidr, hostname.",
    example: 'systemIniSettings: [{ key: "HostName", kind: "hostname", doc: "The host name" }]',
  },
  settingDefaultMismatch: {
    cause: "The `default` of a setting does not fit its own declaration: a string for a bool, a number outside `min`..`max`, text the `pattern` does not match, a word not among the enum's `values`.",
    fix: "Give the default the module really falls back to, in the declared kind.",
    example: 'systemIniSettings: [{ key: "retries", kind: "int", min: 0, max: 5, default: 10, doc: "Retries" }]',
  },
  settingConflict: {
    cause: "Two layers, init modules or gp's own declarations of genpack/base declare the same section and key with different kinds or different defaults; the image's schema can hold only one.",
    fix: "Keep one declaration, or make them agree: the same kind and the same default from two places is fine (the nearer one's doc is kept).",
    example: 'systemIniSettings: [{ key: "timezone", kind: "string", doc: "Timezone" }]   # genpack/base declares it as kind timezone',
  },
  undeclaredSystemIniKey: {
    cause: "The image's `systemIni` gives a key (or a section) that no layer, init module or genpack/base declares: genpack-init's modules would never read it, as they silently ignore keys they do not ask for.",
    fix: "Correct the key's spelling, or declare it where the module that reads it is: in the package's `initModules`, or in the layer's `systemIniSettings`.",
    example: 'defineImage({ systemIni: { timezon: "Asia/Tokyo" } })',
  },
  invalidSystemIniValue: {
    cause: "A value of the image's `systemIni` does not fit the key's declaration: the wrong type, a number out of range, text the pattern does not match, a word not among the values, or a malformed hostname or address.",
    fix: "Give a value of the declared kind; booleans as true or false, numbers as numbers.",
    example: 'defineImage({ systemIni: { swapfile: "maybe" } })',
  },
  outputNotOwned: {
    cause: "The output holds files gp did not write, which compiling (or gp init) would replace: a folder with files of its own, or a file at gp catalog's `-o` that is not a catalog gp wrote.",
    fix: "Choose an empty or gp-written folder (another file for gp catalog), or give `--force` to replace them.",
    example: "gp compile x.image.ts -o docs/",
  },
  outputWriteFailed: {
    cause: "The artifact could not be written: a full disk, no permission, a read-only file system.",
    fix: "Free space or fix the permissions named in the message.",
    example: "gp compile x.image.ts -o /read-only/out",
  },
  outputRefused: {
    cause: "The output directory is one gp never writes into: `/`, or a folder that holds the blueprint or files it reads.",
    fix: "Choose another output directory.",
    example: "gp compile x.image.ts -o /",
  },
  invalidManifest: {
    cause: "The output directory's .gp-artifact.json is not one gp wrote (it names paths gp never writes), so gp cannot tell what it may replace.",
    fix: "Delete the output directory, or the manifest, after checking what it holds.",
    example: "echo '{\"files\":[\"../x\"]}' > out/x/.gp-artifact.json",
  },
  ciFileInTheWay: {
    cause: "gp ci writes its file aside and renames it in, and replaces a file only with --force; it never writes through a symbolic link on the way, nor over a directory, FIFO or link standing at the path.",
    fix: "Give --force to replace a CI file gp wrote before, or -o another path; remove the link or directory that stands in the way.",
    example: "gp ci github   # .github/workflows/gp.yml exists",
  },
  invalidBinhostUrl: {
    cause: "The value of --binhost is not an absolute URL (scheme and address), or holds spaces or control characters that a CI file would carry into the build's command line.",
    fix: "Give the binhost's URL, such as https://binhost.example.org/gp or s3://bucket/gp.",
    example: "gp ci github --binhost binhost.example.org",
  },
  invalidPublishDestination: {
    cause: "The value of gp ci's --publish is not `s3://BUCKET/PREFIX`: another scheme, a bucket name S3 does not allow, or a prefix with an empty folder, `.`, `..` or characters other than letters, digits and `_ . + -` that a CI file would carry into the job's command line. A folder on the runner is not taken either: it is gone when the job ends.",
    fix: "Give the bucket and the folder in it that is to hold one binhost per arch, such as s3://my-binhost/gp.",
    example: "gp ci github --publish https://binhost.example.org/gp",
  },
  repositoryNotFound: {
    cause: "A repository path given to gp catalog does not exist or cannot be read.",
    fix: "Give the path of a Portage repository, such as /var/db/repos/gentoo.",
    example: "gp catalog /var/db/repos/missing",
  },
  notARepository: {
    cause: "The directory is not a Portage repository (no profiles/ or metadata/).",
    fix: "Give the repository's top directory.",
    example: "gp catalog /tmp",
  },
  unnamedRepository: {
    cause: "The repository states its name neither in profiles/repo_name nor in metadata/layout.conf.",
    fix: "Add `repo-name = NAME` to metadata/layout.conf.",
    example: "gp catalog ./overlay   # no repo_name, no layout.conf",
  },
  repositoryNameConflict: {
    cause: "profiles/repo_name and metadata/layout.conf name the repository differently.",
    fix: "Make the two names agree.",
    example: "repo_name: mine; layout.conf: repo-name = other",
  },
  unexpandedVariable: {
    cause: "An ebuild variable refers to something gp cannot expand without running the ebuild; what it says is left out of the catalog.",
    fix: "Nothing needs doing; regenerate the md5-cache to have it read from there.",
    example: "IUSE=\"${MY_FLAGS}\"",
  },
  missingMetadataCache: {
    cause: "Ebuilds have no metadata/md5-cache entry, so gp reads the ebuild itself and may miss what it computes.",
    fix: "Run `egencache --update --repo NAME`.",
    example: "gp catalog ./overlay   # without metadata/md5-cache",
  },
  malformedRepositoryData: {
    cause: "A repository file holds a line or name gp cannot read; it is skipped.",
    fix: "Correct the line named in the message.",
    example: "profiles/use.desc: \"flag without description\"",
  },
  unknownPackage: {
    cause: "A package no repository of the catalog has.",
    fix: "Correct the atom, or add the repository that has it to the catalog.",
    example: "packages: [\"app-misc/jqq\"]   // with a catalog",
  },
  unknownUseFlag: {
    cause: "A USE flag the package does not have, according to the catalog.",
    fix: "Use a flag of the package (the message suggests the closest), or update the catalog.",
    example: "use: { \"dev-lang/php\": \"mysqll\" }",
  },
  unknownUseExpandValue: {
    cause: "A USE_EXPAND value the catalog does not describe.",
    fix: "Use a value listed in the repository's profiles/desc/, or update the catalog.",
    example: "use: { \"media-libs/mesa\": [{ VIDEO_CARDS: [\"virgil\"] }] }",
  },
  unknownLicense: {
    cause: "A license no repository of the catalog has.",
    fix: "Use the name of a file in licenses/.",
    example: "license: { \"app-misc/x\": \"MITT\" }",
  },
  invalidCatalog: {
    cause: "The file given as a catalog is not one gp catalog writes.",
    fix: "Write it again with `gp catalog`.",
    example: "gp check --catalog README.md x.image.ts",
  },
  catalogNotFound: {
    cause: "The catalog file does not exist or cannot be read.",
    fix: "Give the path of a file `gp catalog` wrote.",
    example: "gp check --catalog missing.d.ts x.image.ts",
  },
  downloadRefused: {
    cause: "A server answered a download with an HTTP error status, after every retry; 404 means the file is not there.",
    fix: "Check the URL or mirror in the message; `gp lock --update` finds files that moved.",
    example: "gp lock --gentoo-mirror https://example.org/no-gentoo/",
  },
  downloadBroke: {
    cause: "A download could not connect, or its connection broke, after every retry.",
    fix: "Check the network and proxy; try again, or use another mirror.",
    example: "gp lock   # with the network down",
  },
  downloadTimedOut: {
    cause: "A server stopped answering for longer than the timeout, after every retry.",
    fix: "Try again later, or use another mirror.",
    example: "gp lock --gentoo-mirror http://10.255.255.1/",
  },
  checksumMismatch: {
    cause: "A downloaded file does not have the size or digest that gp.lock or DIGESTS says; it is deleted.",
    fix: "Try again; if it repeats, the upstream file changed: check why before `gp lock --update`.",
    example: "gp build   # after a mirror replaced the stage3",
  },
  notInCacheOffline: {
    cause: "Offline, and the download cache does not hold a file the build needs.",
    fix: "Run once online (`gp lock`, or a build without --offline) to fill the cache.",
    example: "gp build --offline   # on a fresh machine",
  },
  downloadCancelled: {
    cause: "A download was cancelled (Ctrl-C or a signal); its temporary file is removed.",
    fix: "Run the command again.",
    example: "gp lock   # then Ctrl-C",
  },
  signatureInvalid: {
    cause: "An OpenPGP signature is missing, does not verify, is from another key, or gpg cannot run.",
    fix: "Check the key file given with --openpgp-key, and that gpg is installed; do not use an input whose signature fails.",
    example: "gp lock --openpgp-key wrong-key.asc",
  },
  malformedUpstreamFile: {
    cause: "A file from upstream (a latest-stage3 pointer, DIGESTS, an API answer) does not have the format gp reads.",
    fix: "Try another mirror; if it repeats, the upstream format changed.",
    example: "gp lock --gentoo-mirror https://example.org/   # serves HTML",
  },
  lockfileInvalid: {
    cause: "gp.lock cannot be read, is not valid, was written by a newer gp, does not fit the build, or would have to change while frozen.",
    fix: "Fix the key named in the message, or write it again with `gp lock` (and commit it).",
    example: "echo '{' > gp.lock && gp build",
  },
  localInputUnusable: {
    cause: "A local file given in place of a download is missing or not a regular file, or the download cache cannot be created.",
    fix: "Give an existing tarball (or an http(s) URL); fix the cache directory's permissions.",
    example: "gp build --stage3 ./missing.tar.xz",
  },
  fileSystemRefused: {
    cause: "The system refused a file operation: the disk is full, permission is denied, the file system is read-only or failing, a file went away, or a device is busy.",
    fix: "Free space, fix the permissions, or choose another place, as the message says.",
    example: "gp install image.squashfs --iso /read-only/x.iso",
  },
  lockUnpinnedForCi: {
    cause: "A CI file gp ci wrote builds an image for an arch whose stage3, or the Portage snapshot or genpack-overlay, its gp.lock does not pin (or there is no gp.lock). Those jobs resolve the newest inputs on every run, so their images cannot be built again the same, their cache is not reused, and on GitHub they stop at `gp build keys`, which keys the cache by what gp.lock pins. The file is written all the same.",
    fix: "Pin the inputs of every arch the blueprint is built for with `gp lock BLUEPRINT --arch ARCH ...`, and commit gp.lock.",
    example: "gp ci github   # web/gp.lock pins x86_64 only, web.image.ts is built for aarch64 too",
  },
  commandFailed: {
    cause: "A program gp ran for the build (emerge, tar, mksquashfs, a build script) failed or could not start.",
    fix: "Read its last lines, shown under the message, and the log named there.",
    example: "packages: [\"app-misc/does-not-exist\"]   // emerge fails",
  },
  lowerNotConfigurable: {
    cause: "The lower layer cannot be configured: the Portage profile names a repository the lower lacks, or a path gp writes in the overlay is a link.",
    fix: "Do as the message says: correct the profile, or replace the link by a file or directory.",
    example: "ln -s /etc overlay/metadata && gp build",
  },
  upperNotBuildable: {
    cause: "The upper layer cannot be built, such as when the runtime closure names a package the lower does not hold.",
    fix: "Check the lower phase's log; rebuild the lower with `gp lower`.",
    example: "gp upper   # after the lower lost a package",
  },
  phaseOutOfOrder: {
    cause: "A phase was asked for before the one it needs has finished: upper needs a lower, pack an upper.",
    fix: "Run `gp build`, or the earlier phase first.",
    example: "gp pack   # in a fresh artifact",
  },
  brokenProfileStack: {
    cause: "The lower's Portage profile stack cannot be read: a parent is missing or empty, names an unknown repository, or is its own parent.",
    fix: "Correct the parent file named in the message, then build the lower again.",
    example: "echo > overlay/profiles/mine/parent && gp build",
  },
  crossArchUnavailable: {
    cause: "The image's arch is not this machine's, and no qemu-user is registered with binfmt_misc (with the F flag) to run its programs.",
    fix: "Install a static qemu-user and register it, as the message says.",
    example: "gp build --arch aarch64   # on x86_64 without qemu-user-static",
  },
  hostNotReady: {
    cause: "gp build runs as root and needs systemd-nspawn, unshare, tar, rsync, mksquashfs and more; one is missing, or gp is not root.",
    fix: "Run with sudo, and install the Debian packages the message names.",
    example: "gp build   # as an ordinary user",
  },
  buildLocked: {
    cause: "Another gp is building in the same work directory, or the build's lock file cannot be taken.",
    fix: "Wait for the other build to finish; fix the permissions of work/ if the lock cannot be made.",
    example: "gp build & gp build",
  },
  contentsNotBuilt: {
    cause: "gp contents reads what the upper phase recorded in the work directory (work/<arch>/contents[-<variant>].json); there is none, or it belongs to an older upper layer.",
    fix: "Run `gp build` (or `gp upper`) for the same arch and variant, then gp contents again.",
    example: "gp contents fixture.image.ts   # before the first gp build",
  },
  contentsRecordUnreadable: {
    cause: "The contents record in the work directory is not JSON of the form gp writes, or holds a path that is not a plain absolute image path (such as one with `..`); it was edited or damaged.",
    fix: "Rebuild it with `gp upper` (or remove work/ with `gp clean` and run `gp build`).",
    example: "gp contents out/fixture   # after work/x86_64/contents.json was edited",
  },
  contentsQueryNotFound: {
    cause: "`gp contents --why` was given a path the image does not hold, or an atom no package of the image's runtime closure matches.",
    fix: "Check the spelling; `gp contents` without --why lists every package and path of the image.",
    example: "gp contents fixture.image.ts --why /usr/bin/missing",
  },
  binhostNotPublishable: {
    cause: "gp binhost publish regenerates the package directory's Packages index with Portage in the image's lower and publishes what it lists; there is no lower for the arch yet, or the index names a package whose file is missing, of another size, or at a path that is not one of a package directory.",
    fix: "Build the image for that arch first (`gp build --arch ARCH`), then publish; if a build was running in the same cache, publish again when it is done.",
    example: "gp binhost publish /srv/binhost/x86_64 nextcloud.image.ts",
  },
  binhostDestinationRefused: {
    cause: "The folder or bucket to publish to cannot be written: the folder is a file, a folder inside it is a link, another gp publishes into it, the bucket refuses the credentials or does not exist, or the Packages index there is not one Portage reads (gp does not write over it).",
    fix: "Name a folder of its own, or give the bucket's credentials, region and endpoint as the AWS SDK reads them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL_S3).",
    example: "gp binhost publish s3://binhost/x86_64",
  },
  installRefused: {
    cause: "gp install was given options that do not fit together or that it cannot read: no target, --self-update with --disk, --iso or --zip, --boot-dir or --sha256 without --self-update, a --data-partition that is not a size, a --sha256 that is not 64 hexadecimal digits. Problems of a kind of their own (the image, the target disk, a missing tool) have their own GP8xxx codes.",
    fix: "Correct the options as the message says; nothing was written.",
    example: "gp install system.squashfs --boot-dir /mnt/boot --zip boot.zip",
  },
  notASystemImage: {
    cause: "The image given to gp install or gp vm run does not exist, cannot be read, is a directory, is not a SquashFS, or is a SquashFS without what a genpack system image holds: /.genpack with a known arch, a kernel and an initramfs.",
    fix: "Give the `.squashfs` file `gp build` wrote (under out/ or the artifact's directory), not the artifact directory or another SquashFS.",
    example: "gp install ./nextcloud --zip boot.zip   # a directory, not the image",
  },
  imageDamaged: {
    cause: "The image is shorter than its SquashFS superblock says, unsquashfs cannot read it, or its kernel is built for another arch than /.genpack/arch says.",
    fix: "Copy or download the image again; if it was built so, build it again with `gp build`.",
    example: "truncate -s 10M system.squashfs && gp install system.squashfs --zip boot.zip",
  },
  imageNotVerified: {
    cause: "The image's SHA-256 is not the one given with --sha256. (A signature that fails --signed-by has a GP82xx code of its own.)",
    fix: "Download the image again and compare the sums; check that the sum is the one published with the image.",
    example: "gp install system.squashfs --self-update --sha256 0000…   # another image",
  },
  imageForOtherSystem: {
    cause: "--self-update was given an image for another arch than the running system, or of another artifact than the one installed.",
    fix: "Give the image built for this system; to switch the system to another artifact on purpose, add --allow-other-artifact.",
    example: "gp install other-artifact.squashfs --self-update",
  },
  imageTooLargeForFat32: {
    cause: "The image is 4 GiB or larger, more than a FAT32 file can hold, so it cannot live on the boot partition: a ZIP of the boot files is of no use, and --disk needs a data partition for it.",
    fix: "For --disk, add --data-partition (the image then lives on the btrfs data partition); instead of --zip, use --disk with --data-partition.",
    example: "gp install big.squashfs --zip boot.zip   # a 5 GiB image",
  },
  targetNotFound: {
    cause: "The path given to --disk does not exist, or lsblk knows no device of that name.",
    fix: "Check the name with `lsblk`; to install into a raw disk image file, create it first (`truncate -s 8G disk.img`).",
    example: "gp install system.squashfs --disk disk.img   # disk.img not created",
  },
  targetNotADisk: {
    cause: "--disk names a directory, a partition (not the whole disk), a read-only device, or something that is neither a block device nor a regular file.",
    fix: "Give the whole disk (/dev/sdb, not /dev/sdb1) or a raw image file; make a read-only device writable first.",
    example: "gp install system.squashfs --disk /dev/sdb1",
  },
  targetInUse: {
    cause: "The target disk, or one of its partitions, is mounted, held by LVM, RAID or device-mapper, opened by another program, or the image file is attached to a loop device.",
    fix: "Unmount its partitions, stop what holds it (vgchange -an, mdadm --stop), or detach the loop device (losetup -d), then install again.",
    example: "mount /dev/sdb1 /mnt && gp install system.squashfs --disk /dev/sdb",
  },
  targetHoldsRunningSystem: {
    cause: "The target disk holds the root file system or the boot partition of the system gp runs on; gp never overwrites it.",
    fix: "Update the running system with `gp install IMAGE --self-update`, or give another disk.",
    example: "gp install system.squashfs --disk /dev/sda   # the running system's disk",
  },
  targetTooSmall: {
    cause: "The target disk or image file is smaller than the boot partition (three times the image, at least 4 GiB) plus the data partition asked for.",
    fix: "Use a larger disk, grow the image file (`truncate -s 16G disk.img`), or ask for a smaller --data-partition.",
    example: "truncate -s 1G disk.img && gp install system.squashfs --disk disk.img",
  },
  installToolMissing: {
    cause: "A program gp install needs for the chosen target is not installed: util-linux, sfdisk or sgdisk, mkfs.vfat and mtools for --disk (mkfs.btrfs with a data partition), xorriso for --iso, zip for --zip, GRUB's tools when the image carries no boot loader.",
    fix: "Install the Debian packages the message names.",
    example: "gp install system.squashfs --iso live.iso   # without xorriso",
  },
  installNotConfirmed: {
    cause: "gp install asks before it overwrites a block device; the answer was not yes, or there was no terminal to answer on.",
    fix: "Answer y, or give --yes when gp runs without a terminal (in a script).",
    example: "gp install system.squashfs --disk /dev/sdb < /dev/null",
  },
  outputFileUnusable: {
    cause: "The file given to --iso or --zip is a directory, its directory does not exist, or it is the image itself.",
    fix: "Name a new file in an existing directory, other than the image.",
    example: "gp install system.squashfs --iso /no/such/dir/live.iso",
  },
  partitionMissing: {
    cause: "After partitioning the target, the device node of its boot partition did not appear within 10 s: udev (or partx, for a loop device) did not make it.",
    fix: "Check that udev runs (`udevadm settle`), or that the loop device was attached with partition scanning; then install again.",
    example: "gp install system.squashfs --disk disk.img   # in a container without udev or partx",
  },
  readBackMismatch: {
    cause: "The image, or a boot file, read back from the target after writing differs from what was written, or cannot be read back: the disk or card may be failing.",
    fix: "Write again; if it repeats, use another disk or card. A self-update leaves the running image untouched.",
    example: "gp install system.squashfs --disk /dev/sdb   # a failing SD card",
  },
  notAGenpackSystem: {
    cause: "--self-update or gp rollback runs on a machine that was not booted from a genpack system image (nothing under /run/initramfs/boot or /run/initramfs/rw), or --boot-dir names a directory that does not exist or holds no system.img or system.",
    fix: "Run it on the installed system, or give --boot-dir with the mounted boot (or data) partition of one.",
    example: "gp install system.squashfs --self-update   # on a build host",
  },
  bootPartitionFull: {
    cause: "The partition holding the system image has no room for the new image and a copy of the running one to go back to, or, for gp rollback, for keeping the running image.",
    fix: "Free space on the partition (remove stray files beside system.img), or install again with a larger boot partition or --data-partition.",
    example: "gp install large.squashfs --self-update   # on a small boot partition",
  },
  noPreviousImage: {
    cause: "gp rollback found no system.old beside the running image, or system.old is not a usable system image.",
    fix: "Nothing to go back to: install the wanted image with `gp install IMAGE --self-update`.",
    example: "gp rollback   # on a freshly installed system",
  },
  installNeedsRoot: {
    cause: "gp install --disk partitions the target and attaches loop devices, which only root may do, even when the target is a disk image file.",
    fix: "Run gp install as root (sudo), or make an ISO or ZIP with --iso or --zip, which needs no root.",
    example: "gp install system.squashfs --disk disk.raw   # as an ordinary user",
  },
  sbomUnusable: {
    cause: "gp diff reads the CycloneDX SBOM beside an image (<image>.cdx.json) or inside it (/.genpack/sbom.cdx.json), and this one is not UTF-8 JSON, is larger than 64 MiB, is not CycloneDX 1.6, or lacks a field gp build writes (a package's version, gp:slot or gp:use).",
    fix: "Build the image again with `gp build` to write its SBOM anew, or remove the SBOM beside the image; the message names the file and the field.",
    example: "echo '{}' > fixture-x86_64.cdx.json && gp diff old.squashfs fixture-x86_64.squashfs",
  },
  sbomMismatch: {
    cause: "The SBOM beside an image records a SHA-256 of the image other than the image's own, or the SBOM beside the image and the one inside it differ in more than that hash: the image was rebuilt or replaced and the file beside it is stale, or one of them was edited.",
    fix: "Rebuild the image with `gp build` so that both are written again, or remove the stale SBOM beside the image.",
    example: "cp new.squashfs old.squashfs && gp diff old.squashfs other.squashfs   # old.cdx.json still describes the old image",
  },
  iniNotUtf8: {
    cause: "The file's bytes are not UTF-8 (it was saved as Shift JIS, Latin-1 or UTF-16), so genpack-init cannot decode it and reads no setting from it at all.",
    fix: "Save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8).",
    example: "hostname = k\xf6ln   # saved as Latin-1",
  },
  iniByteOrderMark: {
    cause: "The file starts with a UTF-8 byte order mark, which configparser keeps as part of the first line: the first key or section gets a name no module reads.",
    fix: "Save the file as UTF-8 without a BOM, or apply the fix gp ini check offers, which removes it.",
    example: "\ufeffhostname = cloud",
  },
  iniDuplicateSection: {
    cause: "A section header appears twice; configparser stops reading there, so every line after it is ignored.",
    fix: "Merge the two sections into the first one.",
    example: "[greeter]\ngreeting = hi\n[greeter]",
  },
  iniDuplicateKey: {
    cause: "A key appears twice in one section (keys ignore case); configparser stops reading there, so every line after it is ignored.",
    fix: "Keep one of the two lines.",
    example: "hostname = a\nHostname = b",
  },
  iniUnparsableLine: {
    cause: "A line is not `[section]`, `key = value`, `key: value`, an indented continuation or a `#`/`;` comment; configparser raises after reading the file, and the modules that read it fail.",
    fix: "Write the line as `key = value`, or comment it out with `#`.",
    example: "hostname cloud",
  },
  iniInterpolation: {
    cause: "configparser reads `%(name)s` in values as a reference to another key, so a lone `%` (or a reference to a key that does not exist) makes the module that reads the value fail.",
    fix: "Write a literal percent sign as `%%`.",
    example: "motd = 100% uptime",
  },
  iniUnknownKey: {
    cause: "The key is in a section the image's modules read, or is a close misspelling of a key they read, but no module reads it as written: it is silently ignored.",
    fix: "Rename the key to the one suggested, or delete it.",
    example: "[greeter]\ngreting = hello",
  },
  iniUndeclaredKey: {
    cause: "A key at the top of the file that no init module of the image declares; a module gp does not know of may read it, or it is ignored.",
    fix: "Check the key's spelling against `gp ini new`, or delete it if nothing reads it.",
    example: "favourite_colour = blue",
  },
  iniUnknownSection: {
    cause: "A section no init module of the image declares; section names are case-sensitive, so `[Greeter]` is not `[greeter]`.",
    fix: "Rename the section to the one suggested, or delete it if nothing reads it.",
    example: "[Greeter]\ngreeting = hello",
  },
  iniNotBoolean: {
    cause: "The setting is read with `getboolean()`, which accepts only 1/yes/true/on and 0/no/false/off in any case, and fails on anything else.",
    fix: "Write yes or no.",
    example: "ssh = maybe",
  },
  iniNotInteger: {
    cause: "The setting is read with `getint()`, which fails on anything but a whole number.",
    fix: "Write a whole number, such as 8080.",
    example: "port = 80.5",
  },
  iniOutOfRange: {
    cause: "The number is below the setting's minimum or above its maximum.",
    fix: "Write a number within the range `gp ini new` shows for the key.",
    example: "port = 70000",
  },
  iniNotAllowed: {
    cause: "The setting takes one of a list of words, or text of a given pattern, and the value is neither.",
    fix: "Write one of the values the message lists.",
    example: "mode = fast   # one of: quick, full",
  },
  iniMalformed: {
    cause: "The setting takes a value of a well-known form (a timezone, a locale, SSH public keys, a crypt hash, an IP address or network, a host name) and the value is not of it.",
    fix: "Write the value in the form the message describes.",
    example: "hostname = my_host.example",
  },
  iniUnknownTimezone: {
    cause: "The timezone is well formed but the image's /usr/share/zoneinfo does not have it.",
    fix: "Write a timezone the image has, such as the one suggested.",
    example: "timezone = Asia/Tokio",
  },
  iniSchemaUnusable: {
    cause: "The system.ini schema gp ini was pointed at (system-ini.json in an artifact, beside an image or in it) is not valid JSON or not a system.ini schema.",
    fix: "Compile or build the image again to write the schema anew.",
    example: "gp ini check system.ini --image broken.squashfs",
  },
  iniFileUnusable: {
    cause: "The system.ini named to gp ini check is missing or not a regular file, or the file gp ini new was to write exists or cannot be written.",
    fix: "Name a regular file; to replace an existing file with gp ini new, give --force.",
    example: "gp ini new nextcloud.image.ts -o system.ini   # system.ini exists",
  },
  iniRefused: {
    cause: "`gp install` (to a disk, an ISO, a ZIP or by self-update) or `gp vm run` was given a system.ini, or would write the image's default one, that has errors against the settings of the image it goes with: a misspelled key, a value of the wrong kind, a duplicate that makes genpack-init ignore the rest of the file. genpack-init would read it silently and boot with settings nobody meant.",
    fix: "Fix the findings shown (each at FILE:line:col, the same as `gp ini check FILE --image IMAGE` prints), or edit the file in the form `gp ini page --image IMAGE -o system-ini.html` writes; then run the command again. Nothing was written.",
    example: "gp install nextcloud.squashfs --disk disk.img --system-ini system.ini   # system.ini says hostnme=cloud",
  },
  signatureMissing: {
    cause: "gp verify, or an install or VM start given --signed-by, looked for the image's detached signature (IMAGE.sig beside it, or the file given with --signature) and found nothing there, or a directory, a FIFO or a file too large to be a signature.",
    fix: "Give the signature published with the image with --signature FILE, or sign the image with `gp sign IMAGE`.",
    example: "gp verify nextcloud.squashfs --signed-by release.asc   # no nextcloud.squashfs.sig",
  },
  signatureUnreadable: {
    cause: "The signature file is neither an OpenPGP signature (armored `-----BEGIN PGP SIGNATURE-----` or a binary signature packet) nor an SSH signature (`-----BEGIN SSH SIGNATURE-----`) that parses, or an SSH signature made for another namespace than files.",
    fix: "Give the detached signature of the image, as `gp sign`, `gpg --detach-sign` or `ssh-keygen -Y sign -n file` writes it; download it again if it was cut short.",
    example: "echo hello > nextcloud.squashfs.sig && gp verify nextcloud.squashfs --signed-by release.asc",
  },
  signerKeyFileUnusable: {
    cause: "The key file given with --signed-by does not exist, is not a regular file, is damaged, is a private key, or holds neither an OpenPGP public key nor SSH public keys (`ssh-ed25519 AAAA… comment` lines, or an allowed_signers file).",
    fix: "Give the public key that signs the images: `gpg --armor --export KEYID` for OpenPGP, the `.pub` file or an allowed_signers file for SSH.",
    example: "gp verify nextcloud.squashfs --signed-by ~/.ssh/id_ed25519   # the private key",
  },
  signatureKindMismatch: {
    cause: "The signature is an OpenPGP signature and the key file holds SSH keys, or the other way round; such a pair can never verify.",
    fix: "Give the key file of the signature's kind: an OpenPGP public key for a PGP signature, SSH public keys for an SSH signature.",
    example: "gp verify nextcloud.squashfs --signed-by ~/.ssh/id_ed25519.pub   # the image has an OpenPGP signature",
  },
  signatureBad: {
    cause: "The signature was made by a key of the key file, but not over these bytes: the image (or the signature) was changed, damaged or swapped after it was signed.",
    fix: "Do not use the image. Download the image and its signature again from where they are published, and check again.",
    example: "printf x | dd of=nextcloud.squashfs bs=1 seek=4096 conv=notrunc && gp verify nextcloud.squashfs --signed-by release.asc",
  },
  signedByOtherKey: {
    cause: "The signature is whole, but was made by a key that the key file given with --signed-by does not hold: someone else signed the image, or the key file is not the one the images are signed with.",
    fix: "Check that the key file is the publisher's (compare its fingerprint with the one published); do not use an image signed by an unknown key.",
    example: "gp verify nextcloud.squashfs --signed-by someone-else.pub",
  },
  signatureToolMissing: {
    cause: "Checking an OpenPGP signature needs gpgv, making one needs gpg, and SSH signatures need ssh-keygen; the one needed is not installed.",
    fix: "Install it: Debian and Ubuntu packages gpgv and gnupg, openssh-client; Gentoo app-crypt/gnupg, net-misc/openssh.",
    example: "gp verify nextcloud.squashfs --signed-by release.asc   # on a host without gpgv",
  },
  signingFailed: {
    cause: "gp sign ran gpg or ssh-keygen and it did not sign: gpg has no secret key of that name in its keyring, the SSH key file is missing or not a key, its passphrase was not given, or a `.pub` was named without an agent holding its private key.",
    fix: "Read the tool's words under the message; list gpg's keys with `gpg --list-secret-keys`, or check the SSH key with `ssh-keygen -l -f KEY` and that `ssh-add -l` lists it.",
    example: "gp sign nextcloud.squashfs --gpg-key nobody@example.org",
  },
  signatureFileExists: {
    cause: "gp sign writes IMAGE.sig, and a signature is there already (it is replaced only with --force), or something other than a regular file stands at that path: a symbolic link, a FIFO, a directory, which gp never writes through.",
    fix: "Give --force to replace an earlier signature; remove a link or anything else that stands at IMAGE.sig.",
    example: "gp sign nextcloud.squashfs --ssh-key ~/.ssh/id_ed25519   # signed before",
  },
  vmRefused: {
    cause: "A gp vm command cannot do what was asked, for a reason of no kind with a code of its own: an interruption while QEMU was starting, a console socket that refuses the connection.",
    fix: "Do what the message says.",
    example: "gp vm run system.squashfs   # Ctrl-C while QEMU starts",
  },
  qmpFailed: {
    cause: "QEMU refused a command on its control (QMP) socket, or the socket broke or never greeted.",
    fix: "Check that the VM still runs (`gp vm list`); its console.log tells why QEMU stopped.",
    example: "gp vm stop myvm   # while its QEMU hangs",
  },
  kernelNotLoadable: {
    cause: "The image's kernel is an EFI zboot image compressed with something other than gzip, which gp cannot unpack for QEMU's -kernel.",
    fix: "Build the kernel with gzip compression (CONFIG_KERNEL_GZIP), or without EFI zboot (CONFIG_EFI_ZBOOT=n).",
    example: "gp vm run arm64-zstd-kernel.squashfs",
  },
  noSuchVm: {
    cause: "No VM of that name is running: it never started, has stopped (its leftover runtime files are removed), or is still being started, or its console socket is gone.",
    fix: "See the running VMs with `gp vm list`; wait for a VM that is being started.",
    example: "gp vm stop no-such-vm",
  },
  vmNameTaken: {
    cause: "A VM of that name is already running or being started, or other gp processes kept taking the name while this one tried to.",
    fix: "Stop the running one with `gp vm stop NAME`, or give another --name.",
    example: "gp vm run system.squashfs & gp vm run system.squashfs",
  },
  invalidVmName: {
    cause: "The VM's name, from --name or from the image's artifact, is not a valid hostname (letters, digits and inner hyphens, at most 63 characters), or the image names no artifact to take it from.",
    fix: "Give --name with a valid name.",
    example: "gp vm run system.squashfs --name my_vm",
  },
  vmOptionInvalid: {
    cause: "An option of a gp vm command cannot work, alone or with the others: --memory below 128 MiB, --cpus not a whole number of at least 1, --accel or --vsock not one of its words, a --net, --port-forward or --data-disk that cannot be read, --net none beside other --net options, a host port forwarded twice, --port-forward without user networking, --net bridge naming a bridge the host does not have, a --timeout that is not seconds, or gp vm stop given both names and --all, or neither.",
    fix: "Correct the option the message names.",
    example: "gp vm run system.squashfs --memory 64",
  },
  vmFileUnusable: {
    cause: "A path given to gp vm run or gp vm service cannot be used: the image, --system-ini or the service file cannot be read, the data disk is not a writable file, the directory of --serial-log does not exist, or a --share is not a folder this user can read.",
    fix: "Correct the path, or the file's permissions, as the message says.",
    example: "gp vm run system.squashfs --serial-log /no/such/dir/serial.log",
  },
  qemuNotInstalled: {
    cause: "The qemu-system program for the image's arch is not installed, or --uefi was given and no UEFI firmware for the arch was found.",
    fix: "Install the Debian package the message names (qemu-system-x86, qemu-system-arm, ovmf, qemu-efi-aarch64), or leave out --uefi.",
    example: "gp vm run aarch64.squashfs   # without qemu-system-arm",
  },
  kvmUnavailable: {
    cause: "--accel kvm was given, but the image is for another arch than the host, or /dev/kvm is missing or not readable and writable by this user.",
    fix: "Load the kvm module and join the kvm group, or use --accel tcg (or auto, which falls back to it).",
    example: "gp vm run aarch64.squashfs --accel kvm   # on x86_64",
  },
  vsockUnavailable: {
    cause: "--vsock on was given, but the host has no /dev/vhost-vsock.",
    fix: "Load the module (`modprobe vhost_vsock`), or give --vsock auto.",
    example: "gp vm run system.squashfs --vsock on   # vhost_vsock not loaded",
  },
  qemuDidNotStart: {
    cause: "QEMU could not be started, exited before the VM was up, or did not open its control socket within 60 s; the message quotes its log.",
    fix: "Read QEMU's words in the message: a wrong option, a missing firmware file, too little memory on the host.",
    example: "gp vm run system.squashfs --port-forward 22:22   # as a user, QEMU cannot bind port 22",
  },
  dataDiskInUse: {
    cause: "The data disk (or the disk gp install wrote, booted as DISK.raw) is a disk of another running VM, is attached to a loop device of the host (mounted, or set up with losetup), or another process (a QEMU gp did not start, qemu-nbd) has it open and QEMU refused to share it; two writers of one file system would destroy it. Nothing was started.",
    fix: "Stop the other VM, unmount the file and detach its loop device (losetup -d), or give this VM another data disk.",
    example: "gp vm run a.squashfs --data-disk data.img --name b   # while a runs with data.img",
  },
  sshUnreachable: {
    cause: "gp vm ssh has no way into the VM: it runs without vsock (or the host lacks systemd-ssh-proxy and socat) and has no port forward to the guest's port 22.",
    fix: "Start the VM with --port-forward 2222:22, or load vhost_vsock and install systemd-ssh-proxy or socat.",
    example: "gp vm ssh myvm   # started with --vsock off and no port forward",
  },
  vmWillNotStop: {
    cause: "QEMU's process is still there after SIGKILL: it is stuck in the kernel, often waiting on a device or a hung file system.",
    fix: "Look at its state (`ps -o stat,wchan -p PID`); it goes when the kernel lets it, at the latest on reboot.",
    example: "gp vm stop myvm   # with QEMU in uninterruptible sleep",
  },
  socketPathTooLong: {
    cause: "The paths of the VM's QMP and console sockets are longer than the 107 bytes a unix socket address holds.",
    fix: "Give a shorter --name, or set GP_VM_RUNTIME_DIR to a short directory.",
    example: "GP_VM_RUNTIME_DIR=/very/long/…/path gp vm run system.squashfs",
  },
  vmToolMissing: {
    cause: "A gp vm command runs a program of the host other than QEMU, and it is not installed: gp vm ssh runs ssh.",
    fix: "Install the Debian package the message names (openssh-client for ssh).",
    example: "gp vm ssh myvm   # without openssh-client",
  },
  invalidServiceFile: {
    cause: "The INI file given to gp vm service has lines it cannot use: an unknown section or key, a key given twice, a value that cannot be read, a line that is not `key = value`, no `image =` line. Each problem is shown at its line before this error, and no VM was started.",
    fix: "Correct the lines shown; the keys are gp vm run's options and, under [service], the restart policy (gp vm service --help).",
    example: "gp vm service nextcloud.ini   # with `memroy = 2G`",
  },
  consoleWaitFailed: {
    cause: "gp vm console was told to wait (--until TEXT, --timeout SECONDS) and the wait failed: the timeout passed, or the VM stopped before the text appeared in its console.",
    fix: "Give the guest more time with a longer --timeout, check the text it prints (gp vm console --replay), or see why the VM stopped in its console log.",
    example: "gp vm console myvm --until 'login:' --timeout 5 </dev/null",
  },
  sshWaitTimedOut: {
    cause: "gp vm run --detach --wait-ssh started the VM, but no SSH server identification line (SSH-2.0-…) came from the guest's port 22, over vsock or the forwarded port, within the time given. The guest may still be booting (software emulation is slow), or it runs no sshd. The VM keeps running.",
    fix: "Look at the guest's console (gp vm console NAME --replay) to see how far it got; give it more time with --wait-ssh=SECONDS, or make sure the image starts sshd. Stop the VM with gp vm stop NAME.",
    example: "gp vm run demo.squashfs --detach --port-forward 2222:22 --wait-ssh=30   # an image without sshd",
  },
  displayUnavailable: {
    cause: "gp vm run was given a screen the host cannot give: a --display backend its QEMU lacks (Debian ships gtk and sdl in qemu-system-gui), --spice on a QEMU without a SPICE server, or --gpu virgl or --display egl-headless on a host without a GPU render node or QEMU's virgl module. gp asks QEMU and the host before it starts anything.",
    fix: "Install the package the message names, or choose what the host has: --display none with --vnc unix shows the screen without any window, and --gpu virtio needs no host GPU.",
    example: "gp vm run demo.squashfs --display gtk   # on a host without qemu-system-gui",
  },
  screenshotFailed: {
    cause: "gp vm screenshot could not take the picture or write it: the VM has no screen (it was started without --display, --vnc, --spice or --gpu), QEMU's screendump failed, what QEMU wrote is not a picture gp reads, or the output file cannot be written.",
    fix: "Start the VM with a screen (gp vm run IMAGE --display none --vnc unix), and give -o a .png path in a directory that exists and is writable.",
    example: "gp vm screenshot demo -o /nonexistent/shot.png",
  },
  diskWouldShrink: {
    cause: "gp vm allocate FILE SIZE names a file that is already larger than SIZE. It only grows disks: shrinking the file would cut off whatever the file system keeps at its end.",
    fix: "Give a size at least as large as the file (ls -l shows it); to start over with a smaller disk, remove the file first.",
    example: "gp vm allocate data.img 1G   # data.img holds 4 GiB",
  },
  nothingToExpand: {
    cause: "gp vm expand tells QEMU the new size of each disk of the VM whose file grew, and no writable disk file of the VM is larger than the VM sees it: the file was not grown, or was grown to the size the VM already has.",
    fix: "Grow the file first with gp vm allocate FILE SIZE (a size larger than the disk's), then run gp vm expand again.",
    example: "gp vm expand nextcloud   # before gp vm allocate data.img 8G",
  },
  usbQueryInvalid: {
    cause: "The XPath given to gp vm usb --query or gp vm run --usb (or usb = in a service file) does not parse, calls a function XPath 1.0 does not have, names a variable or namespace prefix, or computes a number, string or boolean instead of selecting nodes of the USB document. The message gives the XPath library's reason.",
    fix: "Write a path that selects device elements, or nodes inside them: gp vm usb --xml shows the document and its attribute names.",
    example: "gp vm usb --query \"//device[@idVendor='0781'\"",
  },
  usbNoMatch: {
    cause: "A --usb query of gp vm run or gp vm service selects no USB device of the host, or only hubs, which QEMU cannot pass through. Nothing was started.",
    fix: "Plug the device in, or correct the query; gp vm usb --query XPATH shows what a query matches.",
    example: "gp vm run demo.squashfs --usb \"//device[@idVendor='ffff']\"",
  },
  usbDeviceUnusable: {
    cause: "gp cannot read the host's USB devices from sysfs (/sys/bus/usb/devices, or GP_VM_USB_SYSFS), or a device a --usb query matched has a device node (/dev/bus/usb/BUS/DEVICE) this user cannot open for reading and writing, so QEMU could not take it.",
    fix: "Run on a host with USB (and sysfs mounted); for a device node, run gp as root or give your user access to the device, for instance with a udev rule that sets its group or mode.",
    example: "gp vm run demo.squashfs --usb \"//device[@idVendor='0781']\"   # as a user without access to /dev/bus/usb/001/004",
  },
  usbDeviceInUse: {
    cause: "A device a --usb query of gp vm run or gp vm service selects is already passed through to a VM that is running: QEMU holds a USB device for one VM only, and the second would never get it. Nothing was started.",
    fix: "Stop the other VM (gp vm list shows which), or narrow the query so it leaves that device out (gp vm usb --query shows what it selects).",
    example: "gp vm run second.squashfs --usb \"//device[@idVendor='0781']\"   # while first holds the stick",
  },
};
