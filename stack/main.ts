/** Entry-point wrapper: known failures print their own message (which says what to do) and exit non-zero. */
import { ConfigError } from './config';

/**
 * Resolves on SIGINT/SIGTERM, or when the supervisor that started this role goes away (its IPC channel closes),
 * so a role never outlives a supervisor killed with SIGKILL.
 */
export function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (process.send) process.once('disconnect', () => resolve('supervisor gone'));
  });
}

export function runMain(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      const known = err instanceof ConfigError || (err instanceof Error && err.name !== 'Error');
      process.stderr.write(
        `[${name}] ${known ? (err as Error).message : err instanceof Error ? err.stack : String(err)}\n`,
      );
      process.exit(err instanceof ConfigError ? 2 : 1);
    },
  );
}
