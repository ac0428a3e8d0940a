import { describe, expect, it } from "vitest";
import { checkSystemIni } from "../../../genpack/system-ini/check-system-ini.js";
import { readSystemIni } from "../../../genpack/system-ini/read-system-ini.js";
import type { SettingSchema, SystemIniSchema } from "../../../genpack/system-ini/schema-document.js";
import { systemIniTemplate } from "../../../genpack/system-ini/template.js";

const setting = (kind: SettingSchema["x-gp-kind"], more: Partial<SettingSchema> = {}): SettingSchema => ({ "x-gp-kind": kind, description: `a ${kind}`, ...more });

const schema: SystemIniSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "system.ini of demo",
  type: "object",
  "x-gp-image": { name: "demo" },
  "x-gp-zoneinfo": ["UTC", "Asia/Tokyo", "Europe/Berlin"],
  "x-gp-values": { _default: { hostname: "demo", motd: "100% up" } },
  properties: {
    _default: {
      type: "object",
      properties: {
        hostname: setting("hostname"),
        timezone: setting("timezone"),
        locale: setting("locale"),
        ssh_pubkey: setting("ssh-public-keys"),
        swapfile: setting("bool", { default: true }),
        wifi_sae_pwe: setting("int", { minimum: 0, maximum: 2 }),
        motd: setting("string"),
      },
    },
    greeter: {
      type: "object",
      properties: {
        greeting: setting("string", { pattern: "[a-z ]+" }),
        mode: setting("enum", { enum: ["quick", "full"] }),
        root_password: setting("crypt-hash"),
        ip_address: setting("ipv4-cidr"),
        ip6_address: setting("ipv6"),
        gateway: setting("ipv4"),
      },
    },
  },
};

function check(text: string | Uint8Array) {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  return checkSystemIni({ parsed: readSystemIni(bytes), schema, file: "/boot/system.ini" });
}

const where = (text: string) => check(text).map((finding) => `${finding.span?.start.line}:${finding.span?.start.column} ${finding.code} ${finding.severity}`);

/** An ed25519 public key blob: its type name, then 32 bytes. */
const ED25519 = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from("ssh-ed25519"), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 7)]).toString("base64");
const RSA_BLOB = Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from("ssh-rsa"), Buffer.alloc(20, 1)]).toString("base64");

describe("checkSystemIni: the file's form", () => {
  it("says a file that is not UTF-8 is read as nothing at all, at the line of the bad byte", () => {
    const [finding] = check(new Uint8Array([...new TextEncoder().encode("hostname = a\nlocale = k"), 0xf6, 0x0a]));
    expect(finding).toMatchObject({ code: "GP8101", severity: "error", span: { start: { line: 2 } } });
    expect(finding?.message).toContain("nothing at all");
    expect(finding?.hint).toContain("UTF-8");
  });

  it("reports a byte order mark at 1:1 with a fix that removes it", () => {
    const [finding] = check("\ufeffhostname = demo\n");
    expect(finding).toMatchObject({ code: "GP8102", span: { start: { line: 1, column: 1 } }, fix: { text: "", span: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } } });
  });

  it("reports a duplicate key where it is, says the rest is ignored, and points at the first", () => {
    const findings = check("hostname = a\nlocale = C\nHostname = b\n");
    const duplicate = findings.find((finding) => finding.code === "GP8104");
    expect(duplicate?.span?.start.line).toBe(3);
    expect(duplicate?.message).toContain("every later line is ignored");
    expect(duplicate?.related?.[0]).toMatchObject({ start: { line: 1, column: 1 } });
  });

  it("reports a duplicate section with the first header as related location", () => {
    const duplicate = check("[greeter]\nmode = full\n[greeter]\n").find((finding) => finding.code === "GP8103");
    expect(duplicate).toMatchObject({ span: { start: { line: 3, column: 1 } }, related: [{ start: { line: 1 } }] });
  });

  it("reports a line that is no key, section or comment", () => {
    expect(where("hostname demo\n")).toEqual(["1:1 GP8105 error"]);
  });

  it("reports a lone % at its value with a fix doubling it, and accepts %%", () => {
    const [finding] = check("motd = 100% up\n");
    expect(finding).toMatchObject({ code: "GP8106", span: { start: { line: 1, column: 8 } }, fix: { text: "100%% up" } });
    expect(check("motd = 100%% up\n")).toEqual([]);
  });
});

describe("checkSystemIni: names", () => {
  it("refuses a misspelled key of a declared section with did-you-mean and a rename", () => {
    const [finding] = check("[greeter]\ngreting = hi\n");
    expect(finding).toMatchObject({ code: "GP8107", severity: "error", hint: "Did you mean `greeting`?", span: { start: { line: 2, column: 1 } }, fix: { text: "greeting" } });
  });

  it("refuses a key at the top that is close to a declared one, and only warns of one that is not", () => {
    expect(where("hostnme = a\nfavourite_colour = blue\n")).toEqual(["1:1 GP8107 error", "2:1 GP8108 warning"]);
  });

  it("judges keys of [DEFAULT] as keys of the top of the file", () => {
    expect(where("[DEFAULT]\ntimezon = UTC\n")).toEqual(["2:1 GP8107 error"]);
  });

  it("refuses a section that differs from a declared one only in case, with a fix, and warns of an unknown one", () => {
    const [wrongCase] = check("[Greeter]\nmode = full\n");
    expect(wrongCase).toMatchObject({ code: "GP8109", severity: "error", fix: { text: "[greeter]" } });
    expect(where("[sakuravps]\nip = 1\n")).toEqual(["1:1 GP8109 warning"]);
  });
});

describe("checkSystemIni: kinds", () => {
  const cases: readonly [string, string, readonly string[], readonly string[]][] = [
    ["_default", "swapfile", ["yes", "No", "1", "off", "TRUE"], ["maybe", "y", "2"]],
    ["_default", "wifi_sae_pwe", ["0", "2", " 1"], ["3", "-1", "1.5", "two"]],
    ["greeter", "greeting", ["hello there"], ["Hello", "hi!"]],
    ["greeter", "mode", ["quick", "full"], ["Quick", "slow"]],
    ["_default", "timezone", ["UTC", "Asia/Tokyo"], ["Asia/Tokio", "/usr/share/zoneinfo/UTC", "Asia//Tokyo", "Asia/To kyo"]],
    ["_default", "locale", ["C", "POSIX", "C.UTF-8", "ja_JP.UTF-8", "en_US", "de_DE.UTF-8@euro", "sr_RS.UTF-8@latin"], ["japanese", "ja-JP.UTF-8", "ja_jp.UTF-8", "EN_US.UTF-8"]],
    [
      "_default",
      "ssh_pubkey",
      [`ssh-ed25519 ${ED25519} me@host`, `ssh-ed25519 ${ED25519}\n  ssh-rsa ${RSA_BLOB} other`],
      [`ssh-ed25519 ${RSA_BLOB}`, `ssh-ed25519 ${ED25519.slice(0, 20)}`, "ssh-ed25519", `ssh-foo ${ED25519}`, "AAAAC3NzaC1lZDI1NTE5"],
    ],
    [
      "greeter",
      "root_password",
      ["!", "*", `$6$saltsalt$${"a".repeat(86)}`, `$6$rounds=5000$salt$${"b".repeat(86)}`, `$y$j9T$salt$${"c".repeat(43)}`, `$2b$12$${"d".repeat(53)}`, `!$6$s$${"e".repeat(86)}`, `$1$abc$${"f".repeat(22)}`],
      ["secret", `$6$salt$${"a".repeat(85)}`, "$9$x$y", `$2b$1$${"d".repeat(53)}`],
    ],
    ["greeter", "ip_address", ["192.0.2.7/24", "0.0.0.0/0"], ["192.0.2.7", "192.0.2.7/33", "192.0.2.256/24", "192.0.02.7/24"]],
    ["greeter", "ip6_address", ["2001:db8::7", "::", "::1", "fe80::1:2:3:4", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8"], ["2001:db8:::7", "1::2::3", "12345::", "1:2:3:4:5:6:7", "g::1"]],
    ["greeter", "gateway", ["192.0.2.1"], ["192.0.2", "1.2.3.4.5", "a.b.c.d"]],
    ["_default", "hostname", ["cloud", "cloud.example.com", "a-b", `${"a".repeat(63)}.b`], ["my_host", "-cloud", "cloud-", "a..b", `${"a".repeat(64)}`, `${"a.".repeat(127)}a`]],
  ];
  for (const [section, key, accepted, refused] of cases) {
    const file = (value: string) => (section === "_default" ? `${key} = ${value}\n` : `[${section}]\n${key} = ${value}\n`);
    it(`accepts ${key} values ${accepted.map((value) => JSON.stringify(value.slice(0, 24))).join(", ")}`, () => {
      for (const value of accepted) expect(check(file(value)), value).toEqual([]);
    });
    it(`refuses ${key} values ${refused.map((value) => JSON.stringify(value.slice(0, 24))).join(", ")} at the value`, () => {
      for (const value of refused) {
        const findings = check(file(value));
        expect(findings.length, value).toBe(1);
        expect(findings[0]?.severity).toBe("error");
        expect(findings[0]?.span?.start.line, value).toBe(section === "_default" ? 1 : 2);
        expect(findings[0]?.span?.start.column, value).toBe(key.length + 4);
      }
    });
  }

  it("names the range of an int out of range and suggests the closest enum value and timezone", () => {
    expect(check("wifi_sae_pwe = 3\n")[0]).toMatchObject({ code: "GP8112", message: "`wifi_sae_pwe` must be from 0 to 2, not 3." });
    expect(check("[greeter]\nmode = ful\n")[0]).toMatchObject({ code: "GP8113", hint: "Did you mean `full`?", fix: { text: "full" } });
    expect(check("timezone = Asia/Tokio\n")[0]).toMatchObject({ code: "GP8115", hint: "Did you mean `Asia/Tokyo`?" });
  });

  it("checks a value as configparser interpolates it", () => {
    expect(where("[greeter]\nword = hello\ngreeting = %(word)s there\n").filter((line) => !line.includes("GP8107"))).toEqual([]);
    expect(where("[greeter]\nword = Hello\ngreeting = %(word)s there\n").filter((line) => !line.includes("GP8107"))).toEqual(["3:12 GP8113 error"]);
  });

  it("checks only the form and the % of a file without a schema", () => {
    const findings = checkSystemIni({ parsed: readSystemIni(new TextEncoder().encode("anything = 100%\nswapfile = maybe\n")), file: "system.ini" });
    expect(findings.map((finding) => finding.code)).toEqual(["GP8106"]);
  });
});

describe("systemIniTemplate", () => {
  it("checks clean, lists every declared key, and writes the blueprint's values as real lines", () => {
    const template = systemIniTemplate(schema);
    expect(template.split("\n")[0]).toBe("# system.ini for demo");
    expect(check(template)).toEqual([]);
    for (const [section, declared] of Object.entries(schema.properties)) {
      for (const key of Object.keys(declared.properties)) expect(template, `${section}.${key}`).toMatch(new RegExp(`^(# )?${key} =`, "m"));
    }
    const parsed = readSystemIni(new TextEncoder().encode(template));
    const top = parsed.sections.find((section) => section.name === "_default");
    expect(top?.options.map((option) => [option.key, option.value])).toEqual([
      ["hostname", "demo"],
      ["motd", "100%% up"],
    ]);
    expect(parsed.sections.map((section) => section.name)).toEqual(["_default"]);
  });
});

describe("checkSystemIni: size", () => {
  it("checks a 100,000-line file", () => {
    const lines = Array.from({ length: 100_000 }, (_, index) => (index % 2 === 0 ? `# line ${index}` : `key${index} = value %% ${index}`));
    const findings = checkSystemIni({ parsed: readSystemIni(new TextEncoder().encode(`[greeter]\n${lines.join("\n")}\n`)), schema, file: "system.ini" });
    expect(findings.length).toBe(50_000);
    expect(findings.every((finding) => finding.code === "GP8107")).toBe(true);
  });
});
