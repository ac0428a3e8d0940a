import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { textSink } from "../../helpers/text-sink.js";
import { evaluateAll, type EvaluateResult } from "../../../compiler/evaluate.js";
import { temporaryDirectory } from "../../helpers/temp.js";

/** Blueprints in a folder of their own, by file name. */
function blueprints(sources: Record<string, string>): Record<string, string> {
  const directory = temporaryDirectory("gp-admission-");
  writeFileSync(join(directory, "package.json"), JSON.stringify({ name: "admission-case", private: true, type: "module" }));
  return Object.fromEntries(
    Object.entries(sources).map(([name, source]) => {
      const file = join(directory, name);
      writeFileSync(file, source);
      return [name, file];
    }),
  );
}

/** A judgement the test gives when it chooses, as the type-check would. */
function judgement(): { admitted: Promise<ReadonlySet<string>>; admit: (entries: readonly string[]) => void } {
  let admit: (entries: readonly string[]) => void = () => undefined;
  const admitted = new Promise<ReadonlySet<string>>((resolve) => {
    admit = (entries) => resolve(new Set(entries));
  });
  return { admitted, admit };
}

describe("blueprints run while the type-check judges them", () => {
  it("a blueprint runs before it is admitted, and what it printed appears only once it is", async () => {
    const { good } = blueprints({ good: 'console.log("printed by the blueprint");\nexport default { name: "good" };\n' });
    const output = textSink();
    const { admitted, admit } = judgement();
    let told: (result: EvaluateResult) => void = () => undefined;
    const early = new Promise<EvaluateResult>((resolve) => {
      told = resolve;
    });
    const evaluating = evaluateAll([good as string], { admitted, output: output.stream, onResult: (_entry, result) => told(result) });
    // Its result is known while the judgement is still out, and it has printed nothing yet.
    const result = await early;
    expect(result.ok).toBe(true);
    expect(output.text()).toBe("");
    admit([good as string]);
    const results = await evaluating;
    expect(results.get(good as string)?.ok).toBe(true);
    expect(output.text()).toContain("printed by the blueprint");
  }, 60_000);

  it("a blueprint turned away is stopped, gets no result, and what it printed is dropped", async () => {
    const files = blueprints({
      "loops.ts": 'console.log("printed before the loop");\nlet spins = 0;\nfor (;;) spins++;\nexport default { name: "loops" };\n',
      "fine.ts": 'console.log("printed by the admitted one");\nexport default { name: "fine" };\n',
    });
    const loops = files["loops.ts"] as string;
    const fine = files["fine.ts"] as string;
    const output = textSink();
    const { admitted, admit } = judgement();
    const told: string[] = [];
    // Two minutes to loop: were it not stopped once turned away, the test would time out.
    const evaluating = evaluateAll([loops, fine], { admitted, output: output.stream, limits: { timeoutMs: 120_000 }, onResult: (entry) => told.push(entry) });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    admit([fine]);
    const results = await evaluating;
    expect([...results.keys()]).toEqual([fine]);
    expect(told).not.toContain(loops);
    expect(output.text()).toContain("printed by the admitted one");
    expect(output.text()).not.toContain("printed before the loop");
  }, 30_000);

  it("a blueprint judged before its turn does not start", async () => {
    const { skipped } = blueprints({ skipped: 'console.log("never printed");\nexport default { name: "skipped" };\n' });
    const output = textSink();
    const told: string[] = [];
    const results = await evaluateAll([skipped as string], { admitted: Promise.resolve(new Set<string>()), output: output.stream, onResult: (entry) => told.push(entry) });
    expect(results.size).toBe(0);
    expect(told).toEqual([]);
    expect(output.text()).toBe("");
  }, 30_000);

  it("blueprints stop running ahead of their judgement once what they printed grows past 16 MiB, and go on once judged", async () => {
    // Each prints more than the sandbox relays (1 MiB), so each holds 1 MiB.
    const sources = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`loud${index}.ts`, `console.log("${index}:" + "x".repeat(1_100_000));\nexport default { index: ${index} };\n`]));
    const entries = Object.values(blueprints(sources));
    const output = textSink();
    const { admitted, admit } = judgement();
    let told = 0;
    const evaluating = evaluateAll(entries, { admitted, output: output.stream, onResult: () => told++ });
    for (let waited = 0; told < 16 && waited < 60_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(told).toBeGreaterThanOrEqual(16);
    // The two processes may each have finished one more, started below the limit; no more start.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(told).toBeLessThanOrEqual(17);
    expect(output.text()).toBe("");
    admit(entries);
    const results = await evaluating;
    expect(results.size).toBe(20);
    expect(told).toBe(20);
    for (let index = 0; index < 20; index++) expect(output.text()).toContain(`${index}:xxx`);
  }, 120_000);
});
