import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { vmOutput } from "./vm-output.js";
import { Option } from "../../options.js";

export class VmConsoleCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm console");
  static override paths = [["vm", "console"]];
  static override usage = Command.Usage({
    description: "join a running VM's serial console",
    details: `
      On a terminal the console is raw and both ways; Ctrl-] leaves it and the VM runs on.
      Without a terminal (a script, a pipe) standard input goes to the guest and its output to
      standard output until the VM stops, --until's text appears (exit 0) or --timeout passes
      (exit 1). The console takes one client at a time and sends none of what came before;
      --replay prints that first, from the console log.
    `,
    examples: [
      ["Log in on the console", "$0 vm console nextcloud"],
      ["Wait in a script until the guest is up", "$0 vm console nextcloud --replay --until 'login:' --timeout 120 </dev/null"],
    ],
  });
  name = Option.String({ name: "name" });
  replay = Option.Boolean("--replay", false, { description: "First print what the console printed so far (from its log)" });
  until = Option.String("--until", { description: "End successfully once the output contains this text" });
  timeout = Option.String("--timeout", { description: "End unsuccessfully after this many seconds" });

  async run(): Promise<number> {
    const { vmStatus, vmPaths, attachConsole } = await import("../../../runtime/vm/index.js");
    const { interruptOnSignals } = await import("../../interrupt.js");
    let timeoutMs: number | undefined;
    if (this.timeout !== undefined) {
      if (!/^\d+(\.\d+)?$/.test(this.timeout)) return this.out.fail(codes.vmOptionInvalid, `--timeout ${this.timeout}: give seconds`);
      timeoutMs = Number(this.timeout) * 1000;
    }
    const paths = vmPaths(await this.out.runtimeRoot(), this.name);
    const status = vmStatus(paths);
    if (status.kind !== "running") return this.out.fail(codes.noSuchVm, status.kind === "starting" ? `${this.name} is still being started` : `no VM named ${this.name} is running (gp vm list shows those that are)`);
    const stdin = this.context.stdin as NodeJS.ReadStream;
    if (stdin.isTTY === true && !this.json) this.context.stderr.write(`gp vm console: ${this.name}'s console; Ctrl-] leaves it\n`);
    const interrupt = interruptOnSignals(this.context.stderr, "leaving the console");
    try {
      const end = await attachConsole({
        socket: paths.console,
        log: status.state.consoleLog,
        input: stdin,
        output: this.context.stdout,
        replay: this.replay,
        ...(this.until === undefined ? {} : { until: this.until }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        signal: interrupt.signal,
      });
      if (end === "timeout") return this.out.fail(codes.consoleWaitFailed, this.until === undefined ? `--timeout: ${this.timeout} s have passed` : `"${this.until}" did not appear within ${this.timeout} s`);
      if (end === "interrupted") return 130;
      if (end === "vm-stopped" && this.until !== undefined) return this.out.fail(codes.consoleWaitFailed, `${this.name} stopped before "${this.until}" appeared`);
      if (stdin.isTTY === true && end === "detached") this.context.stderr.write(`\ngp vm console: left ${this.name}'s console; it keeps running\n`);
      return EXIT.ok;
    } finally {
      interrupt.dispose();
    }
  }
}
