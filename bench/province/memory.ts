/** Memory and disk of the bench's processes, read from /proc and the file system (Linux). */
import fs from 'node:fs';
import path from 'node:path';

function statusField(pid: number, field: string): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(/(\d+)/.exec(line)![1]) / 1024 : 0;
}

/** The most memory the process has held resident since it started (or since `resetPeak`), in MB. */
export const peakRssMb = (pid: number) => statusField(pid, 'VmHWM');

/** Starts the process's peak over, so that the next `peakRssMb` covers what it did since. */
export function resetPeak(pid: number): void {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Processes whose parent is `ppid`. */
export function childPids(ppid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return statusField(pid, 'PPid') * 1024 === ppid;
      } catch {
        return false;
      }
    });
}

/** Memory that the processes hold between them, each shared page counted once (PSS), in MB. */
export function sharedAwareRssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const pss = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kb += Number(pss?.[1] ?? 0);
    } catch {
      // A backend that ended while being read holds nothing any more.
    }
  }
  return kb / 1024;
}

/** The first process whose command line contains every one of `parts`. */
export function findProcess(parts: string[]): { pid: number; args: string[] } | null {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const args = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (parts.every((p) => args.some((a) => a.includes(p)))) return { pid: Number(d), args };
    } catch {
      // Gone while listed.
    }
  }
  return null;
}

/** Bytes under a file or folder, in MB. */
export function diskMb(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.size / 1e6;
  return fs.readdirSync(p).reduce((n, f) => n + diskMb(path.join(p, f)), 0);
}

/**
 * CPU time the process has used so far (user and system), in seconds; 0 for one that is gone. With `reaped`, also
 * that of its children that have exited (PostgreSQL's backends end with their connections; their time would
 * otherwise vanish from the sum of the processes alive).
 */
export function cpuSeconds(pid: number, reaped = false): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime, stime, cutime and cstime are fields 14 to 17 of the line, counted from the state (field 3), in ticks.
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number) as [
      number,
      number,
      number,
      number,
    ];
    return (utime + stime + (reaped ? cutime + cstime : 0)) / 100;
  } catch {
    return 0;
  }
}
