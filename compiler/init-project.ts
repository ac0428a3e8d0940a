import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { codes } from "../errors/codes.js";
import { error, type Diagnostic } from "../errors/diagnostics.js";
import { PACKAGE_ROOT } from "./package-root.js";
import { PROFILE_PACKAGES, profileFolder, profilePackageName } from "./profile-packages.js";

export interface InitOptions {
  /** The profile package the image extends, without `@genpack-ts/profile-`. @default "paravirt" */
  readonly profile?: string;
  /** The genpack-ts package the project takes genpack-ts and the profile from. @default this one's */
  readonly packageRoot?: string;
}

export type InitResult = { readonly ok: true; readonly written: readonly string[]; readonly blueprint: string; readonly packageRoot: string } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

function variableName(profile: string): string {
  return profile.split("-").map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1))).join("");
}

/**
 * Scaffolds an image project in `directory`: package.json depending on genpack-ts and one
 * profile, a tsconfig.json for editors, a blueprint that compiles as it is, .gitignore and a
 * README saying what to run next. Nothing that exists is replaced: if any of the files is there,
 * nothing is written.
 *
 * genpack-ts and its profiles are not on the npm registry, so package.json takes both from the
 * gp that writes the project, as `file:` dependencies on its package and on its copy of the
 * profile: `npm install` links them into node_modules without a registry.
 */
export function initProject(directory: string, options: InitOptions = {}): InitResult {
  const profile = PROFILE_PACKAGES.find((name) => name === (options.profile ?? "paravirt"));
  if (profile === undefined) {
    return {
      ok: false,
      diagnostics: [error(codes.unknownPortageProfile, `There is no profile package "${options.profile}".`, { hint: `Choose one of ${PROFILE_PACKAGES.join(", ")}.` })],
    };
  }
  const packageRoot = options.packageRoot ?? PACKAGE_ROOT;
  const root = resolve(directory);
  const name = basename(root).toLowerCase().replace(/[^a-z0-9_.+-]+/g, "-").replace(/^[^a-z0-9]+/, "") || "image";
  const blueprint = `${name}.image.ts`;
  const variable = variableName(profile);
  const profileName = profilePackageName(profile);
  const files: Record<string, string> = {
    "package.json": `${JSON.stringify(
      {
        name,
        private: true,
        type: "module",
        scripts: { compile: `gp compile ${blueprint}`, check: `gp check ${blueprint}`, explain: `gp explain ${blueprint}` },
        devDependencies: { "genpack-ts": `file:${packageRoot}`, [profileName]: `file:${profileFolder(packageRoot, profile)}` },
      },
      null,
      2,
    )}\n`,
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: {
          target: "es2022",
          lib: ["es2023"],
          module: "preserve",
          moduleResolution: "bundler",
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        // gp-catalog.d.ts, when `gp catalog` has written one, makes atoms and flags strict.
        include: ["*.image.ts", "gp-catalog.d.ts"],
      },
      null,
      2,
    )}\n`,
    [blueprint]: `import { defineImage } from "genpack-ts";
import ${variable} from "${profileName}";

export default defineImage({
  name: ${JSON.stringify(name)},
  extends: ${variable},
  packages: ["app-misc/screen"],
});
`,
    ".gitignore": "node_modules/\nout/\nwork/\n*.squashfs\n",
    "README.md": `# ${name}

A gp image, described by the blueprint \`${blueprint}\`.

- \`npm install\` links genpack-ts and ${profileName} into node_modules, for the editor's
  completions and checks, and for the commands below.
- \`npm run compile\` writes the genpack artifact to \`out/${name}/\`; \`npm run check\` checks the
  blueprint without writing; \`npm run explain\` shows where each value comes from.
- \`npx gp build\` builds the image (as root; \`npx gp build --help\` says what it needs).

genpack-ts and its profiles are not on the npm registry yet ("Installing gp" in gp's README
says how to install gp from a checkout), so package.json takes them from the gp that wrote this
project: \`file:${packageRoot}\`.
`,
  };
  const existing = Object.keys(files).filter((file) => existsSync(join(root, file)));
  if (existing.length > 0) {
    return {
      ok: false,
      diagnostics: [
        error(codes.outputNotOwned, `${root} already has ${existing.join(", ")}; gp init writes nothing where a project may be.`, {
          location: { file: join(root, existing[0] as string) },
          hint: "Run it in an empty folder, or give it a new one: gp init my-image.",
        }),
      ],
    };
  }
  mkdirSync(root, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(root, file), content, { flag: "wx" });
  return { ok: true, written: Object.keys(files).map((file) => join(root, file)), blueprint: join(root, blueprint), packageRoot };
}
