import { describe, expect, it } from "vitest";
import { readCatalog } from "../../../compiler/catalog/read-catalog.js";
import { writeSyntheticRepository } from "../../fixtures/portage-repositories/synthetic-repository.js";
import { temporaryDirectory } from "../../helpers/temp.js";

describe("the synthetic repository fixture", () => {
  it("reads back with every package and flag it wrote, and no diagnostics", async () => {
    const written = writeSyntheticRepository(temporaryDirectory(), { packages: 60, flagsPerPackage: 5.5, withMd5Cache: true });
    const { catalog, diagnostics } = await readCatalog([written.path]);
    expect(diagnostics).toEqual([]);
    expect(Object.keys(catalog.packages)).toEqual(written.atoms);
    expect(Object.values(catalog.packages).reduce((count, entry) => count + entry.versions.length, 0)).toBe(written.ebuilds);
    expect(Object.values(catalog.packages).reduce((count, entry) => count + Object.keys(entry.flags).length, 0)).toBe(written.flags);
    expect(catalog.repositories).toEqual([{ name: "synthetic", path: written.path, packages: 60, source: "md5-cache" }]);
    expect(Object.keys(catalog.useExpand)).toEqual(["L10N", "PYTHON_TARGETS", "VIDEO_CARDS"]);
  });

  it("writes the same flags into ebuilds as into the cache", async () => {
    const cached = writeSyntheticRepository(temporaryDirectory(), { packages: 20 });
    const plain = writeSyntheticRepository(temporaryDirectory(), { packages: 20, withMd5Cache: false });
    const fromCache = (await readCatalog([cached.path])).catalog;
    const fromEbuilds = await readCatalog([plain.path]);
    expect(fromEbuilds.catalog.repositories[0]?.source).toBe("ebuilds");
    expect(fromEbuilds.catalog.packages).toEqual(fromCache.packages);
  });
});
