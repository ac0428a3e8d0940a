export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
  interrupted(): boolean;
}

/**
 * An AbortSignal that the first Ctrl-C (or SIGTERM) fires, saying what stopping means; a second
 * one quits at once.
 */
export function interruptOnSignals(stderr: NodeJS.WritableStream, meaning: string): Interrupt {
  const controller = new AbortController();
  let count = 0;
  const onSignal = () => {
    count += 1;
    if (count === 1) {
      stderr.write(`\ngp: stopping: ${meaning} (press Ctrl-C again to quit at once)\n`);
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
    interrupted: () => count > 0,
  };
}
