import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { HeldOutput } from "../../../compiler/sandbox/held-output.js";

/** A stream that keeps what reaches it, as text. */
function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Lets the stream machinery pass on what was written. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("a blueprint's output held until its run is judged", () => {
  it("passes nothing on while held, then everything in order once released, and what follows as it comes", async () => {
    const target = collector();
    const held = new HeldOutput(target.stream);
    held.write("one ");
    held.write(Buffer.from("two "));
    await settle();
    expect(target.text()).toBe("");
    held.release();
    await settle();
    expect(target.text()).toBe("one two ");
    held.write("three");
    await settle();
    expect(target.text()).toBe("one two three");
  });

  it("discards what it held and everything written after it is dropped", async () => {
    const target = collector();
    const held = new HeldOutput(target.stream);
    held.write("never shown ");
    held.drop();
    held.write("nor this");
    held.release();
    await settle();
    expect(target.text()).toBe("");
  });

  it("keeps passing on once released, whatever is asked after", async () => {
    const target = collector();
    const held = new HeldOutput(target.stream);
    held.release();
    held.drop();
    held.write("shown");
    await settle();
    expect(target.text()).toBe("shown");
  });
});
