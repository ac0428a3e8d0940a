import { describe, expect, it } from "vitest";
import { parseMetadataXmlFlags } from "../../../portage/repository/metadata-xml-flags.js";

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE pkgmetadata SYSTEM "https://www.gentoo.org/dtd/metadata.dtd">\n<pkgmetadata>\n${body}\n</pkgmetadata>\n`;

describe("metadata.xml flags", () => {
  it("reads flag descriptions, dropping inner markup and collapsing white space", () => {
    const { flags, problems } = parseMetadataXmlFlags(
      xml(`\t<use>\n\t\t<flag name="fpm">Enable the\n\t\t\tFastCGI <pkg>www-servers/php-fpm</pkg> manager</flag>\n\t\t<flag name='gd'>Use &lt;gd&gt; &amp; friends</flag>\n\t\t<flag name="bare"/>\n\t</use>`),
    );
    expect(flags).toEqual(
      new Map([
        ["fpm", "Enable the FastCGI www-servers/php-fpm manager"],
        ["gd", "Use <gd> & friends"],
        ["bare", ""],
      ]),
    );
    expect(problems).toEqual([]);
  });

  it("prefers descriptions without lang or in English over other languages", () => {
    const { flags } = parseMetadataXmlFlags(
      xml(`<use lang="de"><flag name="a">Deutsch</flag><flag name="b">Nur Deutsch</flag></use>\n<use><flag name="a">English</flag></use>\n<use lang="en"><flag name="c">Also English</flag></use>`),
    );
    expect(flags.get("a")).toBe("English");
    expect(flags.get("b")).toBe("Nur Deutsch");
    expect(flags.get("c")).toBe("Also English");
  });

  it("ignores flags in comments and outside <use>", () => {
    const { flags } = parseMetadataXmlFlags(xml(`<!-- <use><flag name="old">gone</flag></use> -->\n<flag name="stray">x</flag>\n<use><flag name="kept">yes</flag></use>`));
    expect([...flags.keys()]).toEqual(["kept"]);
  });

  it("reports a flag without a name and an unclosed <use> with their lines", () => {
    const { problems } = parseMetadataXmlFlags(xml(`<use>\n<flag>no name</flag>\n</use>\n<use>\n<flag name="x">open</flag>`));
    expect(problems).toEqual([
      { line: 5, message: "A <flag> element has no name attribute." },
      { line: 7, message: "A <use> element is never closed with </use>." },
    ]);
  });

  it("gives nothing for a metadata.xml without flags", () => {
    expect(parseMetadataXmlFlags(xml("<maintainer><email>a@b</email></maintainer>")).flags.size).toBe(0);
  });
});
