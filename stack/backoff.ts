/**
 * How long the supervisor waits before restarting a part that died: 1 s, then twice as long each time it dies
 * again soon, at most 30 s; a part that stayed up a minute starts again from 1 s. It never gives up: one part
 * crash-looping must not take the rest of the system down.
 */
export class RestartBackoff {
  private attempt = 0;
  private upSince = 0;

  constructor(
    private readonly minMs = 1000,
    private readonly maxMs = 30_000,
    private readonly stableMs = 60_000,
  ) {}

  /** The part is running (again). */
  up(now = Date.now()): void {
    this.upSince = now;
  }

  /** The delay before the next restart, now that the part died. */
  next(now = Date.now()): number {
    if (this.upSince && now - this.upSince >= this.stableMs) this.attempt = 0;
    this.upSince = 0;
    const delay = Math.min(this.maxMs, this.minMs * 2 ** this.attempt);
    this.attempt++;
    return delay;
  }
}
