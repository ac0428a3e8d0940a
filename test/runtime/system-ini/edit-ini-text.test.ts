import { describe, expect, it } from "vitest";
import { readSystemIni } from "../../../genpack/system-ini/read-system-ini.js";
import { iniTextOf, formTextOf, lineEnding, replaceSpan, setIniValue } from "../../../runtime/system-ini/edit-ini-text.js";

const set = (text: string, section: string, key: string, value: string | undefined) => setIniValue(text, readSystemIni(new TextEncoder().encode(text)), section, key, value);

describe("setIniValue", () => {
  it("replaces only the value of the key's line, keeping its spacing, case and the line ending", () => {
    const text = "# top\r\nHostName=old\r\n\r\n[greeter]\r\n; words\r\ngreeting   =  hi\r\n";
    expect(set(text, "greeter", "greeting", "good day")).toBe("# top\r\nHostName=old\r\n\r\n[greeter]\r\n; words\r\ngreeting   =  good day\r\n");
    expect(set(text, "_default", "hostname", "new")).toBe("# top\r\nHostName=new\r\n\r\n[greeter]\r\n; words\r\ngreeting   =  hi\r\n");
  });

  it("gives an empty value a space after its = when the form fills it", () => {
    expect(set("[s]\nkey =\n", "s", "key", "v")).toBe("[s]\nkey = v\n");
  });

  it("appends a missing key after the last key of its section, in the file's line ending", () => {
    expect(set("[a]\r\nx = 1\r\n\r\n# b next\r\n[b]\r\n", "a", "y", "2")).toBe("[a]\r\nx = 1\r\ny = 2\r\n\r\n# b next\r\n[b]\r\n");
    expect(set("[a]\nx = 1", "a", "y", "2")).toBe("[a]\nx = 1\ny = 2\n");
  });

  it("puts a missing top-level key above the first header and the comments attached to it", () => {
    expect(set("# file\n\n# the greeter\n[greeter]\n", "_default", "hostname", "h")).toBe("# file\n\nhostname = h\n# the greeter\n[greeter]\n");
  });

  it("adds a missing section at the end of the file", () => {
    expect(set("hostname = h\n", "greeter", "greeting", "hi")).toBe("hostname = h\n\n[greeter]\ngreeting = hi\n");
    expect(set("", "greeter", "greeting", "hi")).toBe("[greeter]\ngreeting = hi\n");
  });

  it("removes a key with its continuation lines when the form clears it", () => {
    expect(set("[s]\nkeys = a\n    b\nnext = 1\n", "s", "keys", undefined)).toBe("[s]\nnext = 1\n");
  });

  it("writes a value of several lines as indented continuation lines", () => {
    expect(set("[s]\nkeys = a\n", "s", "keys", "ssh-ed25519 A\n\nssh-ed25519 B")).toBe("[s]\nkeys = ssh-ed25519 A\n    ssh-ed25519 B\n");
  });
});

describe("the form's values and the file's", () => {
  it("doubles % for configparser's interpolation and reads %% back as %", () => {
    expect(iniTextOf("100%", "\n")).toBe("100%%");
    expect(formTextOf("100%%")).toBe("100%");
    expect(formTextOf("50% off")).toBe("50% off");
  });

  it("takes the line ending of the file's first line break", () => {
    expect(lineEnding("a\r\nb\n")).toBe("\r\n");
    expect(lineEnding("a\nb\r\n")).toBe("\n");
    expect(lineEnding("no break")).toBe("\n");
  });

  it("applies a fix to exactly its span", () => {
    expect(replaceSpan("[s]\r\ngretting = hi\r\n", { start: { line: 2, column: 1 }, end: { line: 2, column: 9 } }, "greeting")).toBe("[s]\r\ngreeting = hi\r\n");
  });
});
