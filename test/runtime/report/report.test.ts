import { describe, expect, it } from "vitest";
import { textSink } from "../../helpers/text-sink.js";
import { JsonReporter } from "../../../runtime/report/json-reporter.js";
import type { BuildEvent } from "../../../runtime/report/reporter.js";
import { TerminalReporter } from "../../../runtime/report/terminal-reporter.js";

const ESCAPE = /\u001b\[/;

const lowerRun: BuildEvent[] = [
  { type: "phase", phase: "lower", status: "start", reason: "log: /w/logs/lower.log" },
  { type: "note", phase: "lower", level: "info", message: "running the emerge pipeline: changed: USE flags" },
  { type: "step", phase: "lower", step: "emerging @world", index: 2, total: 7 },
  ...Array.from({ length: 10 }, (_, index): BuildEvent => ({ type: "log", phase: "lower", line: `>>> Emerging (${index + 1} of 10) \u001b[32mapp-misc/pkg${index}\u001b[0m` })),
  { type: "note", phase: "lower", level: "warning", message: "eclean is not installed" },
  { type: "phase", phase: "lower", status: "done", reason: "changed: USE flags", seconds: 12.34 },
];

describe("the terminal reporter", () => {
  it("prints plain lines without colour when not on a TTY: phases, numbered steps, notes, warnings, durations", () => {
    const { stream, text } = textSink();
    const reporter = new TerminalReporter(stream, { color: false, live: false });
    for (const event of lowerRun) reporter.emit(event);
    reporter.close();
    const lines = text().trimEnd().split("\n");
    expect(lines[0]).toBe("lower: log: /w/logs/lower.log");
    expect(lines[1]).toBe("lower: running the emerge pipeline: changed: USE flags");
    expect(lines[2]).toMatch(/^lower: \[2\/7\] emerging @world \(\d+s\)$/);
    expect(lines[3]).toBe("lower: warning: eclean is not installed");
    expect(lines[4]).toBe("lower: done, changed: USE flags (12.3 s)");
    expect(lines).toHaveLength(5);
    expect(text()).not.toMatch(ESCAPE);
  });

  it("keeps a live status on a TTY: the step and the last lines of the log, clipped, without the tools' own colours", () => {
    const { stream, text } = textSink();
    const reporter = new TerminalReporter(stream, { color: false, live: true, columns: () => 30 });
    for (const event of lowerRun.slice(0, -2)) reporter.emit(event);
    reporter.emit({ type: "step", phase: "lower", step: "emerging @world", index: 2, total: 7 });
    const screen = text();
    const lastStatus = screen.slice(screen.lastIndexOf("lower [2/7]"));
    const tail = lastStatus.split("\n").slice(1).filter((line) => line !== "");
    expect(tail).toHaveLength(6);
    expect(tail[5]).toMatch(/^ {2}>>> Emerging \(10 of 10\) app…$/);
    expect(tail.every((line) => line.length <= 30)).toBe(true);
    expect(lastStatus).not.toContain("\u001b[32m");
    reporter.emit(lowerRun.at(-1) as BuildEvent);
    reporter.close();
    // A line that stays first moves up over the status (step and six log lines) and clears it.
    expect(text().slice(screen.length)).toBe("\u001b[7A\u001b[0Jlower: done, changed: USE flags (12.3 s)\n");
  });

  it("paints with colour only when asked to", () => {
    const { stream, text } = textSink();
    const reporter = new TerminalReporter(stream, { color: true, live: false });
    reporter.emit({ type: "phase", phase: "pack", status: "failed", seconds: 1 });
    reporter.close();
    expect(text()).toBe("\u001b[31mpack: failed (1.0 s)\u001b[0m\n");
  });
});

describe("the JSON reporter", () => {
  it("writes one event per line with a time, leaves out log lines, and throttles progress", () => {
    const { stream, text } = textSink();
    const reporter = new JsonReporter(stream);
    for (const event of lowerRun) reporter.emit(event);
    for (let done = 1; done <= 50; done += 1) reporter.emit({ type: "progress", phase: "inputs", what: "stage3", done, total: 100 });
    reporter.emit({ type: "progress", phase: "inputs", what: "stage3", done: 100, total: 100 });
    reporter.close();
    const events = text().trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((event) => event["type"])).toEqual(["phase", "note", "step", "note", "phase", "progress", "progress"]);
    expect(events.every((event) => typeof event["time"] === "string")).toBe(true);
    expect(events.at(-1)).toMatchObject({ done: 100, total: 100 });
  });
});
