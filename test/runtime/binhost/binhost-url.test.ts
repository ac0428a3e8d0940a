import { describe, expect, it } from "vitest";
import { readBinhostUrl, readOverOpenNetwork } from "../../../runtime/binhost/index.js";

describe("a --binhost URL", () => {
  it("is taken as an http or https directory URL without its trailing slashes, as Portage keeps sync-uri", () => {
    expect(readBinhostUrl("http://127.0.0.1:8080/binpkgs///")).toEqual({ url: "http://127.0.0.1:8080/binpkgs" });
    expect(readBinhostUrl("https://binhost.example")).toEqual({ url: "https://binhost.example" });
  });

  it("is refused when it is no URL, another scheme, carries credentials or has a query", () => {
    expect(readBinhostUrl("binhost.example/x")).toEqual({ problem: expect.stringContaining("is not a URL") });
    expect(readBinhostUrl("ftp://binhost.example/")).toEqual({ problem: expect.stringContaining("not an http or https URL") });
    const secret = readBinhostUrl("https://user:hunter2@binhost.example/x");
    expect(secret).toEqual({ problem: expect.stringContaining("user name or password") });
    expect(JSON.stringify(secret)).not.toContain("hunter2");
    expect(readBinhostUrl("https://binhost.example/x?token=1")).toEqual({ problem: expect.stringContaining("query or fragment") });
  });

  it("is read in time linear in its length, even 100,000 slashes long", () => {
    const started = performance.now();
    expect(readBinhostUrl(`http://127.0.0.1/${"/".repeat(100_000)}`)).toEqual({ url: "http://127.0.0.1" });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("binhosts read over an open network", () => {
  it("are the plain http ones on another machine, not https ones nor this machine's", () => {
    expect(readOverOpenNetwork("http://binhost.example.org/x86_64")).toBe(true);
    expect(readOverOpenNetwork("http://10.0.0.5:8080/x86_64")).toBe(true);
    expect(readOverOpenNetwork("https://binhost.example.org/x86_64")).toBe(false);
    expect(readOverOpenNetwork("http://127.0.0.1:8080/x86_64")).toBe(false);
    expect(readOverOpenNetwork("http://localhost/x86_64")).toBe(false);
    expect(readOverOpenNetwork("http://[::1]:9000/x86_64")).toBe(false);
  });
});
