import { describe, expect, it } from "vitest";
import { excerpt, quote, quoteList, quoteName, shorten } from "../../errors/quote.js";

describe("quoting what users wrote in messages", () => {
  it("quotes a short value whole", () => {
    expect(quote("dev-lang/php")).toBe('"dev-lang/php"');
    expect(quoteName("pakages")).toBe("`pakages`");
    expect(excerpt("dev-lang/php")).toBe("dev-lang/php");
  });

  it("shows a 1 MB value by its start, its end and its length", () => {
    const value = `app-misc/${"a".repeat(1_048_576)}!`;
    const quoted = quote(value);
    expect(quoted).toBe(`"app-misc/${"a".repeat(51)}…${"a".repeat(19)}!" (1048586 characters)`);
    expect(quoteName(value)).toMatch(/^`app-misc\/a+…a+!` \(1048586 characters\)$/);
    expect(shorten(value)).toHaveLength(81);
  });

  it("escapes control characters, so a value cannot break a message's line", () => {
    expect(quote("a\nb\u0007c\u2028")).toBe('"a\\nb\\u0007c\\u2028"');
  });

  it("does not cut a character beyond the Basic Multilingual Plane in two", () => {
    const value = `${"a".repeat(59)}😀${"b".repeat(100)}`;
    expect(shorten(value).startsWith(`${"a".repeat(59)}…`)).toBe(true);
  });

  it("lists ten values and counts the rest", () => {
    const names = Array.from({ length: 100_000 }, (_, index) => `v${index}`);
    expect(quoteList(names)).toBe(`${names.slice(0, 10).map((name) => `"${name}"`).join(", ")} and 99990 more`);
    expect(quoteList(["a", "b"])).toBe('"a", "b"');
  });
});
