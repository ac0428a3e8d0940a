import { createHash } from "node:crypto";
import type { SystemIniSchema } from "../../genpack/system-ini/schema-document.js";
import { defaultText, formFields, TOP_SECTION, type FormField } from "./form-fields.js";
import { formScript } from "./form-script.js";

/** The id of the data block that carries the schema to the page's script. */
export const SCHEMA_ELEMENT_ID = "gp-schema";

/** Text as HTML text or attribute value: the schema may be forged, so nothing in it is markup. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** JSON that cannot end the `<script>` element it sits in, nor open a comment there. */
function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * Script text that cannot end its element early: `</script` becomes `<\/script`, which reads the
 * same in a string, a template, a regular expression or a comment. A `<!--` would change how
 * HTML reads the rest; esbuild writes none, and a bundle with one is refused rather than mended.
 */
function scriptInPage(script: string): string {
  if (script.includes("<!--")) throw new Error("the system.ini form's script holds <!--, which would change how the page's HTML reads it");
  return script.replace(/<\/(script)/gi, "<\\/$1");
}

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

const STYLE = `
:root { color-scheme: light dark; --line: #8886; --bad: #c62828; --warn: #a15c00; --accent: #1565c0; }
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
fieldset { border: 1px solid var(--line); border-radius: .5rem; margin: 1rem 0; padding: .5rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.setting { display: grid; grid-template-columns: minmax(10rem, 14rem) 1fr; gap: .25rem 1rem; padding: .5rem 0; border-top: 1px solid var(--line); }
.setting:first-of-type { border-top: none; }
.setting label { font-family: ui-monospace, monospace; font-weight: 600; overflow-wrap: anywhere; }
.setting .kind { color: GrayText; font-size: .85rem; display: block; font-family: system-ui, sans-serif; font-weight: normal; }
.setting .doc, .setting .field-findings { grid-column: 2; margin: 0; }
.setting .field-findings:empty { display: none; }
.setting .field-findings, [aria-invalid="true"] { color: var(--bad); }
[aria-invalid="true"] { outline: 2px solid var(--bad); }
input, select, textarea, button { font: inherit; }
input, select, textarea { grid-column: 2; max-width: 100%; box-sizing: border-box; }
textarea { width: 100%; font-family: ui-monospace, monospace; }
#gp-raw { min-height: 16rem; white-space: pre; }
#gp-file { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: 1rem; border: 2px dashed var(--line); border-radius: .5rem; }
#gp-file.drop { border-color: var(--accent); }
#gp-findings ul { padding-left: 1.25rem; }
#gp-findings li { margin: .5rem 0; }
.error { color: var(--bad); }
.warning { color: var(--warn); }
.hint { display: block; color: inherit; }
.where { font-family: ui-monospace, monospace; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
`;

function controlHtml(field: FormField, describedBy: string): string {
  const setting = field.setting;
  const placeholder = defaultText(setting);
  const common = `id="${field.id}" name="${field.id}" aria-describedby="${describedBy}"`;
  if (field.control === "choice") {
    const unset = placeholder === undefined ? "not set" : `not set (the module's default: ${placeholder})`;
    const options = field.choices.map((choice) => `<option value="${escapeHtml(choice)}">${escapeHtml(choice)}</option>`).join("");
    return `<select ${common}><option value="">${escapeHtml(unset)}</option>${options}</select>`;
  }
  const hint = placeholder === undefined ? "" : ` placeholder="${escapeHtml(placeholder)}"`;
  if (field.control === "lines") return `<textarea ${common} rows="3" spellcheck="false"${hint}></textarea>`;
  if (field.control === "number") {
    const min = setting.minimum === undefined ? "" : ` min="${setting.minimum}"`;
    const max = setting.maximum === undefined ? "" : ` max="${setting.maximum}"`;
    return `<input ${common} type="number" step="1"${min}${max}${hint}>`;
  }
  const pattern = setting.pattern === undefined ? "" : ` pattern="${escapeHtml(setting.pattern)}"`;
  return `<input ${common} type="text" spellcheck="false" autocomplete="off"${pattern}${hint}>`;
}

function kindText(field: FormField): string {
  const setting = field.setting;
  const kind = setting["x-gp-kind"];
  if (kind === "int" && (setting.minimum !== undefined || setting.maximum !== undefined)) return `whole number, ${setting.minimum ?? "…"} to ${setting.maximum ?? "…"}`;
  if (kind === "int") return "whole number";
  if (kind === "bool") return "yes or no";
  if (kind === "enum") return `one of ${(setting.enum ?? []).join(", ")}`;
  return kind;
}

function fieldHtml(field: FormField): string {
  const doc = `${field.id}-doc`;
  const findings = `${field.id}-findings`;
  const fallback = defaultText(field.setting);
  const by = field.setting["x-gp-module"] === undefined ? "" : ` Read by ${field.setting["x-gp-module"]}${field.setting["x-gp-package"] === undefined ? "" : ` (${field.setting["x-gp-package"]})`}.`;
  const absent = fallback === undefined ? "" : ` Not set: ${fallback}.`;
  return [
    `<div class="setting">`,
    `<label for="${field.id}">${escapeHtml(field.key)}<span class="kind">${escapeHtml(kindText(field))}</span></label>`,
    `<p class="doc" id="${doc}">${escapeHtml(field.setting.description)}${escapeHtml(absent)}${escapeHtml(by)}</p>`,
    controlHtml(field, `${doc} ${findings}`),
    `<p class="field-findings" id="${findings}"></p>`,
    `</div>`,
  ].join("\n");
}

function sectionsHtml(fields: readonly FormField[], schema: SystemIniSchema): string {
  const sections = [...new Set(fields.map((field) => field.section))];
  return sections
    .map((section) => {
      const legend = section === TOP_SECTION ? "At the top of the file, before any [section]" : `[${section}]`;
      const description = schema.properties[section]?.description;
      const about = description === undefined ? "" : `<p>${escapeHtml(description)}</p>`;
      return `<fieldset>\n<legend>${escapeHtml(legend)}</legend>\n${about}${fields.filter((field) => field.section === section).map(fieldHtml).join("\n")}\n</fieldset>`;
    })
    .join("\n");
}

/**
 * The page as text, given the script it runs. One file with nothing to fetch: the style and the
 * script are inline and the Content-Security-Policy allows exactly them (by hash) and nothing
 * else, no connection, image, frame or form submission, so the page cannot send the file
 * anywhere. The settings and their docs are plain HTML, readable without the script.
 */
export function renderSystemIniPage(schema: SystemIniSchema, script: string): string {
  const fields = formFields(schema);
  const image = schema["x-gp-image"];
  const imageName = [image.name, image.variant, image.arch].filter((part) => part !== undefined).join(" ");
  const code = scriptInPage(script);
  const policy = ["default-src 'none'", `script-src ${sha256(code)}`, `style-src ${sha256(STYLE)}`, "base-uri 'none'", "form-action 'none'"].join("; ");
  const settings = fields.length === 0 ? "<p>This image's init modules declare no settings.</p>" : sectionsHtml(fields, schema);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>system.ini of ${escapeHtml(imageName)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>system.ini of ${escapeHtml(imageName)}</h1>
<p>The settings this image reads at every boot from <code>system.ini</code> on its boot partition. Open the file, change what you need, check that nothing is flagged below, and save it back in its place.</p>
<noscript><p>Opening, checking and saving need JavaScript; without it, this page lists the settings and what each does.</p></noscript>
</header>
<section id="gp-file" aria-label="The file" hidden>
<label for="gp-open">Open system.ini</label> <input type="file" id="gp-open" accept=".ini,text/plain">
<span>or drop it on this page.</span>
<button type="button" id="gp-save">Save system.ini</button>
<span id="gp-status" role="status"></span>
</section>
<main>
<form id="gp-settings" novalidate>
${settings}
</form>
<section id="gp-check" aria-labelledby="gp-findings-title" hidden>
<h2 id="gp-findings-title">What gp ini check says</h2>
<div id="gp-findings" aria-live="polite"></div>
</section>
<section id="gp-text" hidden>
<h2><label for="gp-raw">The file as text</label></h2>
<p>Every change here shows in the form above, and every change there here; comments, blank lines and order are kept.</p>
<textarea id="gp-raw" spellcheck="false" autocomplete="off" wrap="off"></textarea>
</section>
</main>
<script type="application/json" id="${SCHEMA_ELEMENT_ID}">${jsonInScript(schema)}</script>
<script>${code}</script>
</body>
</html>
`;
}

/** The form for an image's system.ini: one self-contained HTML file made from the image's schema. */
export function systemIniPage(schema: SystemIniSchema): string {
  return renderSystemIniPage(schema, formScript());
}
