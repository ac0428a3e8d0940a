/**
 * The script of system-ini.html. It opens a system.ini (file picker or drop), checks it with the
 * same dialect reader and checker as `gp ini check` while it is edited in the form or as text,
 * offers the checker's fixes, and saves the file. The text of the file is the one truth: a form
 * edit is a text edit of that key's value (edit-ini-text.ts), and the form shows what the text
 * says, so comments, blank lines, order and line endings stay the user's.
 */
import { checkSystemIni } from "../../../genpack/system-ini/check-system-ini.js";
import type { SystemIniFinding } from "../../../genpack/system-ini/finding.js";
import type { ParsedIni } from "../../../genpack/system-ini/parsed-ini.js";
import { readSystemIni } from "../../../genpack/system-ini/read-system-ini.js";
import type { SystemIniSchema } from "../../../genpack/system-ini/schema-document.js";
import { findOption, formTextOf, lineEnding, replaceSpan, setIniValue } from "../edit-ini-text.js";
import { BOOL_WORDS, formFields, type FormField } from "../form-fields.js";
import { downloadName, saveBytes } from "./save.js";
import { element } from "./element.js";

const schema = JSON.parse(element("gp-schema").textContent ?? "{}") as SystemIniSchema;
const fields = formFields(schema);
const encoder = new TextEncoder();

interface Opened {
  /** The file's text, exactly: `\r\n` kept, a byte order mark kept. */
  readonly text: string;
  /** The bytes as read, while the text is unchanged: bytes that are not UTF-8 are saved as they came. */
  readonly bytes: Uint8Array;
  readonly name: string;
}

let opened: Opened = { text: "", bytes: new Uint8Array(), name: "system.ini" };
let parsed: ParsedIni = readSystemIni(opened.bytes);

const raw = element<HTMLTextAreaElement>("gp-raw");
const findingsView = element("gp-findings");
const status = element("gp-status");

/** The control of each field, by its id. */
function controlOf(field: FormField): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  return element(field.id);
}

/** The word a select shows for a bool value of the file: getboolean()'s words, in any case. */
function boolWord(value: string): string | undefined {
  const word = value.toLowerCase();
  if (["1", "yes", "true", "on"].includes(word)) return BOOL_WORDS.true;
  if (["0", "no", "false", "off"].includes(word)) return BOOL_WORDS.false;
  return undefined;
}

/** A select's option for a value the file has but the select does not offer, so the form shows what the file says. */
function showForeignChoice(select: HTMLSelectElement, value: string): void {
  select.querySelector("option[data-foreign]")?.remove();
  if (value === "" || [...select.options].some((option) => option.value === value)) return;
  const option = document.createElement("option");
  option.dataset["foreign"] = "";
  option.value = value;
  option.textContent = `${value} (as the file says)`;
  select.append(option);
}

/** Puts the file's values into the form, leaving alone the control being edited. */
function fillForm(): void {
  for (const field of fields) {
    const control = controlOf(field);
    if (control === document.activeElement) continue;
    const option = findOption(parsed, field.section, field.key);
    const text = option === undefined ? "" : formTextOf(option.value);
    if (control instanceof HTMLSelectElement) {
      const value = field.setting["x-gp-kind"] === "bool" ? (boolWord(text) ?? text) : text;
      showForeignChoice(control, value);
      control.value = value;
    } else control.value = text;
  }
}

/** The field a finding is about: the one whose key's lines hold the finding's first line. */
function fieldAt(line: number): FormField | undefined {
  return fields.find((field) => {
    const option = findOption(parsed, field.section, field.key);
    return option !== undefined && option.keySpan.start.line <= line && line <= option.valueSpan.end.line;
  });
}

function where(finding: SystemIniFinding): string {
  const start = finding.location?.start ?? finding.span?.start;
  const file = finding.location?.file ?? opened.name;
  return start === undefined ? file : `${file}:${start.line}:${start.column}`;
}

/** Selects a place of the file in the text view. */
function reveal(finding: SystemIniFinding): void {
  const span = finding.span ?? (finding.location?.start === undefined ? undefined : { start: finding.location.start, end: finding.location.end ?? finding.location.start });
  raw.focus();
  if (span === undefined) return;
  const lines = raw.value.split("\n");
  const offset = (position: { line: number; column: number }) => lines.slice(0, position.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + position.column - 1;
  raw.setSelectionRange(offset(span.start), Math.max(offset(span.start), offset(span.end)));
}

function findingItem(finding: SystemIniFinding): HTMLLIElement {
  const item = document.createElement("li");
  const place = document.createElement("button");
  place.type = "button";
  place.className = "where";
  place.textContent = where(finding);
  place.title = "Show this place in the text of the file";
  place.addEventListener("click", () => reveal(finding));
  const severity = document.createElement("span");
  severity.className = finding.severity;
  severity.textContent = ` ${finding.severity} ${finding.code}: `;
  item.append(place, severity, finding.message);
  if (finding.hint !== undefined) {
    const hint = document.createElement("span");
    hint.className = "hint";
    hint.textContent = finding.hint;
    item.append(hint);
  }
  const fix = finding.fix;
  if (fix !== undefined) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = fix.title;
    button.addEventListener("click", () => change(replaceSpan(opened.text, fix.span, fix.text), "fix"));
    item.append(" ", button);
  }
  return item;
}

/** Shows the findings in the live region, and at each field they are about. */
function showFindings(findings: readonly SystemIniFinding[]): void {
  const errors = findings.filter((finding) => finding.severity === "error").length;
  const warnings = findings.length - errors;
  const summary = document.createElement("p");
  summary.textContent = findings.length === 0 ? "Nothing to report: genpack-init reads every setting of this file as meant." : `${errors} ${errors === 1 ? "error" : "errors"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}.`;
  const list = document.createElement("ul");
  list.append(...findings.map(findingItem));
  findingsView.replaceChildren(summary, ...(findings.length === 0 ? [] : [list]));
  const byField = new Map<string, SystemIniFinding[]>();
  for (const finding of findings) {
    const line = (finding.span ?? finding.location)?.start?.line;
    const field = line === undefined ? undefined : fieldAt(line);
    if (field !== undefined) byField.set(field.id, [...(byField.get(field.id) ?? []), finding]);
  }
  for (const field of fields) {
    const own = byField.get(field.id) ?? [];
    const control = controlOf(field);
    if (own.some((finding) => finding.severity === "error")) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    element(`${field.id}-findings`).textContent = own.map((finding) => `${where(finding)} ${finding.code}: ${finding.message}`).join("\n");
  }
}

/** Where a change came from: the text view keeps its caret, the form keeps the control being edited. */
type Origin = "open" | "form" | "text" | "fix";

/** Makes `text` the file, reads and checks it, and shows it in the form and the text view. */
function change(text: string, origin: Origin, bytes: Uint8Array = encoder.encode(text)): void {
  opened = { ...opened, text, bytes };
  parsed = readSystemIni(bytes);
  if (origin !== "text") raw.value = text;
  if (origin !== "form") fillForm();
  showFindings(checkSystemIni({ parsed, schema, file: opened.name }));
}

/** A form control's value as the file should say it, or undefined to leave the key out. */
function formValue(control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): string | undefined {
  const value = control.value.trim();
  return value === "" ? undefined : value;
}

for (const field of fields) {
  const control = controlOf(field);
  control.addEventListener("input", () => {
    // A number input says "" for text that is no number; the file keeps its value until there is one.
    if (control instanceof HTMLInputElement && control.validity.badInput) return;
    change(setIniValue(opened.text, parsed, field.section, field.key, formValue(control)), "form");
  });
  control.addEventListener("change", () => fillForm());
}

raw.addEventListener("input", () => {
  // A textarea gives its text with `\n` alone; the file keeps the line ending it had.
  const eol = lineEnding(opened.text);
  change(eol === "\n" ? raw.value : raw.value.replace(/\r?\n/g, eol), "text");
});

/** Reads a file the user picked or dropped. */
async function open(file: File): Promise<void> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  // The byte order mark stays in the text, where genpack-init sees it too; bytes that are not
  // UTF-8 show as U+FFFD, and the checker, given the bytes, says the file is not UTF-8.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  opened = { ...opened, name: file.name };
  change(text, "open", bytes);
  status.textContent = `Opened ${file.name}.`;
}

const picker = element<HTMLInputElement>("gp-open");
picker.addEventListener("change", () => {
  const file = picker.files?.[0];
  if (file !== undefined) void open(file);
});

const dropZone = element("gp-file");
document.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropZone.classList.add("drop");
});
document.addEventListener("dragleave", () => dropZone.classList.remove("drop"));
document.addEventListener("drop", (event) => {
  event.preventDefault();
  dropZone.classList.remove("drop");
  const file = event.dataTransfer?.files[0];
  if (file !== undefined) void open(file);
});

element("gp-save").addEventListener("click", () => {
  void saveBytes(opened.bytes, downloadName(opened.name)).then((saved) => {
    if (saved === undefined) return;
    const errors = [...findingsView.querySelectorAll(".error")].length;
    status.textContent = errors === 0 ? `Saved ${saved}.` : `Saved ${saved}, with ${errors} ${errors === 1 ? "error" : "errors"} that genpack-init will trip on.`;
  });
});

for (const id of ["gp-file", "gp-check", "gp-text"]) element(id).hidden = false;
change("", "open");
