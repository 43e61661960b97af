/** `npm run bench -- <name> [--units N]`: runs one benchmark (cycle-start against real, freshly started servers). */
import { runAwardsBench } from './awards';
import { runBulletinBench } from './bulletin';
import { runConsoleBench } from './console';
import { runCycleStartBench } from './cycle-start';
import { runExportBench } from './export';
import { runLinksBench } from './links';
import { runProvinceBench } from './province';

const BENCHES: Record<string, (args: Map<string, string>) => Promise<void>> = {
  'cycle-start': runCycleStartBench,
  bulletin: runBulletinBench,
  console: runConsoleBench,
  awards: runAwardsBench,
  export: runExportBench,
  links: runLinksBench,
  province: runProvinceBench,
};

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const args = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) args.set(rest[i]!.replace(/^--/, ''), rest[i + 1] ?? '');
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) {
    process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [--units N]\n`);
    process.exit(2);
  }
  await bench(args);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
