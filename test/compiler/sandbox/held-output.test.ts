import { describe, expect, it } from "vitest";
import { textSink } from "../../helpers/text-sink.js";
import { HeldOutput } from "../../../compiler/sandbox/held-output.js";

/** Lets the stream machinery pass on what was written. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("a blueprint's output held until its run is judged", () => {
  it("passes nothing on while held, then everything in order once released, and what follows as it comes", async () => {
    const target = textSink();
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
    const target = textSink();
    const held = new HeldOutput(target.stream);
    held.write("never shown ");
    held.drop();
    held.write("nor this");
    held.release();
    await settle();
    expect(target.text()).toBe("");
  });

  it("keeps passing on once released, whatever is asked after", async () => {
    const target = textSink();
    const held = new HeldOutput(target.stream);
    held.release();
    held.drop();
    held.write("shown");
    await settle();
    expect(target.text()).toBe("shown");
  });
});
