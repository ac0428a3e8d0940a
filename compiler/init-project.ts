import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { DSL_VERSION } from "../dsl/brand.js";
import { codes } from "./codes.js";
import { error, type Diagnostic } from "./diagnostics.js";

/**
 * The profile packages published beside genpack-ts (`@genpack-ts/profile-<name>`). A test keeps
 * this list equal to the packages in the repository's profiles/ folder.
 */
export const PROFILE_PACKAGES = [
  "baremetal",
  "bcachefs",
  "catalina",
  "dev-waypipe",
  "gnome-baremetal",
  "llama-cpp",
  "obs-plugins",
  "occ",
  "paravirt",
  "raspberrypi",
  "srs",
  "systemimg",
  "weston-paravirt",
  "xmrig",
] as const;

export interface InitOptions {
  /** The profile package the image extends, without `@genpack-ts/profile-`. @default "paravirt" */
  readonly profile?: string;
}

export type InitResult = { readonly ok: true; readonly written: readonly string[]; readonly blueprint: string } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

function variableName(profile: string): string {
  return profile.split("-").map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1))).join("");
}

/**
 * Scaffolds an image project in `directory`: package.json depending on genpack-ts and one
 * profile, a tsconfig.json for editors, a blueprint that compiles as it is, .gitignore and a
 * README saying what to run next. Nothing that exists is replaced: if any of the files is there,
 * nothing is written.
 */
export function initProject(directory: string, options: InitOptions = {}): InitResult {
  const profile = options.profile ?? "paravirt";
  const profiles: readonly string[] = PROFILE_PACKAGES;
  if (!profiles.includes(profile)) {
    return {
      ok: false,
      diagnostics: [error(codes.unknownPortageProfile, `There is no profile package "${profile}".`, { hint: `Choose one of ${profiles.join(", ")}.` })],
    };
  }
  const root = resolve(directory);
  const name = basename(root).toLowerCase().replace(/[^a-z0-9_.+-]+/g, "-").replace(/^[^a-z0-9]+/, "") || "image";
  const blueprint = `${name}.image.ts`;
  const range = `^${DSL_VERSION}`;
  const variable = variableName(profile);
  const files: Record<string, string> = {
    "package.json": `${JSON.stringify(
      {
        name,
        private: true,
        type: "module",
        scripts: { compile: `gp compile ${blueprint}`, check: `gp check ${blueprint}` },
        devDependencies: { "genpack-ts": range, [`@genpack-ts/profile-${profile}`]: range },
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
import ${variable} from "@genpack-ts/profile-${profile}";

export default defineImage({
  name: ${JSON.stringify(name)},
  extends: ${variable},
  packages: ["app-misc/screen"],
});
`,
    ".gitignore": "node_modules/\nout/\nwork/\n*.squashfs\n",
    "README.md": `# ${name}\n\nA gp image. Run \`npm install\`, edit \`${blueprint}\`, then \`npx gp compile ${blueprint}\` writes the genpack artifact to \`out/${name}/\`.\n`,
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
  return { ok: true, written: Object.keys(files).map((file) => join(root, file)), blueprint: join(root, blueprint) };
}
