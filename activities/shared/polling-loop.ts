/**
 * A background loop of a worker or mailer process: runs a round of work, runs the next one at once while rounds
 * find more to do, and otherwise waits `pollMs` (or until woken). The outbox sender and the dashboard's roll-up
 * refresher are such loops.
 */
export interface PollingLoop {
  /** Runs the next round now instead of after the wait. */
  wake(): void;
  /** Stops after the round in progress. */
  stop(): Promise<void>;
}

/** `round` answers whether there is more to do right away; `isStopped` lets a long round end early. */
export function startPollingLoop(
  pollMs: number,
  round: (isStopped: () => boolean) => Promise<boolean>,
): PollingLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      if ((await round(() => stopped)) || stopped) continue;
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        timer = setTimeout(resolve, pollMs);
      });
    }
  })();
  const wake = () => {
    if (timer) clearTimeout(timer);
    wakeUp?.();
  };
  return {
    wake,
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
