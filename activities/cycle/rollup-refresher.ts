/**
 * Keeps the dashboard's roll-ups (stores/cycle/rollup.ts) current in every worker process: takes a cycle whose
 * units changed, recomputes its figures from one snapshot, and waits at least `costFactor` times as long as that
 * took before the same cycle again — so a province reporting all day costs a bounded share of a core, and its
 * dashboard is as old as a few refreshes at most.
 */
import type { Logger } from '../../stack/log';
import type { Db } from '../../stores/db';
import {
  claimDueRollup,
  markRollupChanged,
  recordRefresh,
  refreshRollup,
  type RefreshPacing,
} from '../../stores/cycle/rollup';
import { startPollingLoop } from '../shared/polling-loop';

export interface RollupRefresherOptions extends RefreshPacing {
  db: Db;
  /** How often to look for a due cycle when none was. */
  pollMs: number;
  log: Logger;
}

export function startRollupRefresher(opts: RollupRefresherOptions): { stop(): Promise<void> } {
  return startPollingLoop(opts.pollMs, async () => {
    let id: string | null = null;
    try {
      id = await claimDueRollup(opts.db, opts);
      if (!id) return false;
      const t0 = performance.now();
      const rows = await refreshRollup(opts.db, id);
      const took = performance.now() - t0;
      await recordRefresh(opts.db, id, took);
      opts.log.debug(`dashboard roll-up of cycle ${id}: ${rows} branches in ${took.toFixed(0)} ms`);
      return true;
    } catch (err) {
      opts.log.warn(`dashboard roll-up not refreshed: ${err instanceof Error ? err.message : String(err)}`);
      if (id) await markRollupChanged(opts.db, id).catch(() => undefined);
      return false;
    }
  });
}
