import { createRequire } from "node:module";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type * as TS from "typescript";
import { ROOT } from "../helpers/gp.js";

const ts = createRequire(import.meta.url)("typescript") as typeof TS;
const TYPES = resolve(ROOT, "test/dsl/types");

/** The options a blueprint project uses (blueprints/tsconfig.json). */
function blueprintOptions(): TS.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, "blueprints/tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (parsed === undefined) throw new Error("blueprints/tsconfig.json did not parse");
  return parsed.options;
}

function diagnosticsOf(file: string): string[] {
  const program = ts.createProgram([file], blueprintOptions());
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file === undefined || diagnostic.start === undefined ? "" : `${diagnostic.file.fileName}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}: `;
    return `${where}TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
  });
}

describe("DSL types", () => {
  it("accept every form a blueprint may use", () => {
    expect(diagnosticsOf(resolve(TYPES, "accepted.ts"))).toEqual([]);
  });

  it("reject each misuse marked with @ts-expect-error, and nothing else", () => {
    // An @ts-expect-error that finds no error is TS2578, so this fails for a misuse that compiles.
    expect(diagnosticsOf(resolve(TYPES, "rejected.ts"))).toEqual([]);
  });
});

describe("editor completions", () => {
  const source = `import { defineImage } from "genpack-ts";
export default defineImage({
  arch: { x86_64: { /*arch*/ } },
  variants: { cuda: { /*variant*/ arch: { aarch64: { /*variantArch*/ } } } },
  use: { "media-libs/mesa": { /*group*/ } },
  /*top*/
});
`;
  const fileName = resolve(TYPES, "completions.image.ts");

  function completionsAt(marker: string): string[] {
    const options = blueprintOptions();
    const host: TS.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [fileName],
      getScriptVersion: () => "1",
      getScriptSnapshot: (name) => {
        if (name === fileName) return ts.ScriptSnapshot.fromString(source);
        const text = ts.sys.readFile(name);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => TYPES,
      getDefaultLibFileName: (settings) => ts.getDefaultLibFilePath(settings),
      fileExists: (name) => name === fileName || ts.sys.fileExists(name),
      readFile: (name) => (name === fileName ? source : ts.sys.readFile(name)),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    const service = ts.createLanguageService(host);
    const position = source.indexOf(`/*${marker}*/`);
    const completions = service.getCompletionsAtPosition(fileName, position, {});
    return (completions?.entries ?? []).map((entry) => entry.name);
  }

  it("offer the genpack fields an arch block allows, and only those", () => {
    const names = completionsAt("arch");
    expect(names).toEqual(expect.arrayContaining(["packages", "use", "acceptKeywords", "services", "setupCommands", "kernelConfig"]));
    expect(names).not.toContain("users");
    expect(names).not.toContain("profile");
  });

  it("offer the variant fields inside a variant", () => {
    // `arch` is already written in that variant, so the editor does not offer it again.
    const names = completionsAt("variant");
    expect(names).toEqual(expect.arrayContaining(["packages", "users", "profile", "buildtimePackagesFirst"]));
    expect(names).not.toContain("files");
  });

  it("offer the Portage settings inside a variant's arch block, without kernel config", () => {
    const names = completionsAt("variantArch");
    expect(names).toEqual(expect.arrayContaining(["packages", "use", "env"]));
    expect(names).not.toContain("kernelConfig");
  });

  it("offer USE_EXPAND variables in a group object", () => {
    expect(completionsAt("group")).toEqual(expect.arrayContaining(["VIDEO_CARDS", "CPU_FLAGS_X86", "GRUB_PLATFORMS"]));
  });

  it("offer every field at the top level", () => {
    expect(completionsAt("top")).toEqual(
      expect.arrayContaining(["packages", "files", "buildScripts", "userBuildScripts", "kernelConfig", "envFiles", "savedconfig", "patches", "defaultVariant", "extends"]),
    );
  });
});
