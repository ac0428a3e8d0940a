import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SystemIniSchema } from "../../../genpack/system-ini/schema-document.js";
import { renderSystemIniPage, systemIniPage } from "../../../runtime/system-ini/page.js";
import { GREETER_SCHEMA } from "./form-schema.js";

const FORGED: SystemIniSchema = {
  ...GREETER_SCHEMA,
  "x-gp-image": { name: "<img src=x onerror=alert(1)>" },
  properties: {
    "</script><script>alert(1)</script>": {
      type: "object",
      properties: { '"><b>key': { type: "string", description: "<i>doc</i>", pattern: '"><svg>', "x-gp-kind": "string" } },
    },
  },
};

describe("systemIniPage", () => {
  it("allows by hash exactly the inline script and style it carries, and no network", () => {
    const html = systemIniPage(GREETER_SCHEMA);
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? "";
    const script = /<script>([\s\S]*)<\/script>\n<\/body>/.exec(html)?.[1] ?? "";
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    expect(policy.split("; ")).toEqual(["default-src 'none'", `script-src ${hash(script)}`, `style-src ${hash(style)}`, "base-uri 'none'", "form-action 'none'"]);
    expect(script.length).toBeGreaterThan(1000);
    expect(html.replace(script, "")).not.toMatch(/\b(?:src|href)=/);
  });

  it("shows every key with its doc, kind and default in plain HTML, labelled", () => {
    const html = renderSystemIniPage(GREETER_SCHEMA, "");
    expect(html).toContain('<label for="gp-setting-1-2">repeat<span class="kind">whole number, 1 to 10</span></label>');
    expect(html).toContain('<input id="gp-setting-1-2" name="gp-setting-1-2" aria-describedby="gp-setting-1-2-doc gp-setting-1-2-findings" type="number" step="1" min="1" max="10" placeholder="1">');
    expect(html).toContain("<p class=\"doc\" id=\"gp-setting-0-0-doc\">The machine&#39;s host name. Read by hostname.py.</p>");
    expect(html).toContain('<option value="">not set (the module&#39;s default: no)</option><option value="yes">yes</option><option value="no">no</option>');
  });

  it("inserts a forged schema's names and docs as text, never as markup", () => {
    const html = renderSystemIniPage(FORGED, "");
    expect(html).not.toMatch(/<(?:img|b|i|svg)\b/);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain("&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(html).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
  });

  it("keeps a script from ending its element early", () => {
    const html = renderSystemIniPage(GREETER_SCHEMA, 'const s = "</script><b>";');
    expect(html).toContain('<script>const s = "<\\/script><b>";</script>');
  });
});
