import { describe, expect, it } from "vitest";
import { commandAfterTarget, subcommandFirst } from "../../cli/argv.js";

const commands = new Set(["build", "lower", "bash"]);
const values = new Set(["--arch", "--variant"]);

describe("options before the subcommand", () => {
  it("move behind it, keeping their values", () => {
    expect(subcommandFirst(["--arch", "aarch64", "--parallel", "build", "."], commands, values)).toEqual(["build", "--arch", "aarch64", "--parallel", "."]);
  });

  it("leave a line alone that starts with the subcommand, or has no known one", () => {
    expect(subcommandFirst(["build", ".", "--arch", "x86_64"], commands, values)).toEqual(["build", ".", "--arch", "x86_64"]);
    expect(subcommandFirst(["--arch", "x86_64", "frobnicate"], commands, values)).toEqual(["--arch", "x86_64", "frobnicate"]);
    expect(subcommandFirst(["--version"], commands, values)).toEqual(["--version"]);
  });
});

describe("the command of gp bash", () => {
  const shells = new Set(["bash", "upper-bash"]);
  const isTarget = (word: string) => word === "." || word.endsWith(".image.ts");

  it("keeps its own options, after the target and gp's options", () => {
    expect(commandAfterTarget(["bash", ".", "--arch", "aarch64", "emerge", "-pv", "foo"], shells, values, isTarget)).toEqual(["bash", ".", "--arch", "aarch64", "--", "emerge", "-pv", "foo"]);
    expect(commandAfterTarget(["bash", "emerge", "--info"], shells, values, isTarget)).toEqual(["bash", "--", "emerge", "--info"]);
  });

  it("takes only the first target-looking word as the target", () => {
    expect(commandAfterTarget(["upper-bash", "a.image.ts", "cat", "b.image.ts"], shells, values, isTarget)).toEqual(["upper-bash", "a.image.ts", "--", "cat", "b.image.ts"]);
  });

  it("leaves alone a line with its own --, a plain shell, and other subcommands", () => {
    expect(commandAfterTarget(["bash", ".", "--", "ls", "-l"], shells, values, isTarget)).toEqual(["bash", ".", "--", "ls", "-l"]);
    expect(commandAfterTarget(["bash", ".", "--arch", "x86_64"], shells, values, isTarget)).toEqual(["bash", ".", "--arch", "x86_64"]);
    expect(commandAfterTarget(["build", ".", "extra", "-v"], shells, values, isTarget)).toEqual(["build", ".", "extra", "-v"]);
  });
});
