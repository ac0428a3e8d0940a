import { describe, expect, it } from "vitest";
import { groupaddCommands, useraddCommands } from "../../genpack/accounts.js";
import { fromSyntax, pyEquals, pyRepr, pythonType, pyStr } from "../../genpack/python.js";
import { parseJson5 } from "../../genpack/json5/parse.js";
import type { PlainValue } from "../../genpack/json5/syntax.js";

function load(text: string): PlainValue {
  const parsed = parseJson5(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return fromSyntax(parsed.document.root);
}

describe("Python semantics of values read from genpack.json5", () => {
  it("names the types Python gives numbers: whole floats stay floats", () => {
    const [int, whole, fraction, exponent, negativeZero] = load(`[1, 1.0, 1.5, 1e3, -0]`) as PlainValue[];
    expect([int, whole, fraction, exponent, negativeZero].map(pythonType)).toEqual(["int", "float", "float", "float", "int"]);
  });

  it("prints numbers as Python's str() does", () => {
    expect((load(`[1, 1.0, 1e3, 1e22, 0.1, 1e-5, 123456789012345678901234]`) as PlainValue[]).map(pyStr)).toEqual([
      "1",
      "1.0",
      "1000.0",
      "1e+22",
      "0.1",
      "1e-05",
      "123456789012345678901234",
    ]);
  });

  it("compares as Python's == does", () => {
    expect(pyEquals(load("1"), load("1.0"))).toBe(true);
    expect(pyEquals(load("true"), load("1"))).toBe(true);
    expect(pyEquals(load(`"1"`), load("1"))).toBe(false);
    expect(pyEquals(load(`{ a: [1, 2.0] }`), load(`{ a: [1.0, 2] }`))).toBe(true);
    expect(pyEquals(load("9007199254740993"), load("9007199254740992"))).toBe(false);
    expect(pyEquals(load("-0x20000000000001"), load("-9007199254740993"))).toBe(true);
  });

  it("prints containers as Python's repr() does", () => {
    expect(pyRepr(load(`{ a: [null, true, "it's"], b: 2.0 }`))).toBe(`{'a': [None, True, "it's"], 'b': 2.0}`);
  });
});

describe("the account commands genpack runs", () => {
  it("gives one command for the ids 1000 and \"01000\", which useradd reads alike", () => {
    const users = load(`[{ name: "a", uid: 1000 }, { name: "a", uid: "01000" }]`) as PlainValue[];
    const [first, second] = useraddCommands(users);
    expect(first).toEqual(second);
    expect(first).toEqual(["useradd", "-u", "1000", "-m", "a"]);
    expect(groupaddCommands(load(`[{ name: "g", gid: "007" }, "h"]`) as PlainValue[])).toEqual([["groupadd", "-g", "7", "g"], ["groupadd", "h"]]);
  });

  it("gives one command for both spellings of a user's options", () => {
    const [dashed, underscored] = useraddCommands(load(`[{ name: "a", "empty-password": true, "create-home": false }, { name: "a", empty_password: true, create_home: false }]`) as PlainValue[]);
    expect(dashed).toEqual(underscored);
    expect(dashed).toEqual(["useradd", "-p", "", "a"]);
  });
});
