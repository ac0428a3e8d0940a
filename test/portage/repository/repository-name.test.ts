import { describe, expect, it } from "vitest";
import { statedRepositoryName } from "../../../portage/repository/repository-name.js";

describe("a repository's stated name", () => {
  it("is the first line of profiles/repo_name when layout.conf names none", () => {
    expect(statedRepositoryName("gentoo\n", "masters =\n")).toEqual({ name: "gentoo", overruledRepoName: undefined });
  });

  it("is repo-name in layout.conf when there is no repo_name", () => {
    expect(statedRepositoryName(undefined, "masters = gentoo\nrepo-name = genpack-overlay\n").name).toBe("genpack-overlay");
  });

  it("is layout.conf's repo-name over profiles/repo_name, as Portage reads them, naming the one overruled", () => {
    expect(statedRepositoryName("one\n", "repo-name = two\n")).toEqual({ name: "two", overruledRepoName: "one" });
  });

  it("is undefined when neither file names it", () => {
    expect(statedRepositoryName("\n", undefined).name).toBeUndefined();
  });
});
