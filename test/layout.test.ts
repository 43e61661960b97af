/**
 * The layout holds: no import circles among the project's modules (type-only imports aside, since they vanish at
 * run time), and every feature's workflow keeps its contract apart from its implementation. The lint rules in
 * eslint.config.mjs keep the forbidden imports out; this test keeps the circles out.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const FOLDERS = [
  'activities',
  'stores',
  'api',
  'domain',
  'workflows',
  'stack',
  'templates',
  'prisma/seed',
  'bench',
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')])
    if (fs.existsSync(candidate)) return candidate;
  return null;
}

/** Relative imports and re-exports that exist at run time (not `import type`, not `export type`). */
function runtimeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  const re = /^(?:import|export)\s+(type\s+)?(?:[^;]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    if (m[1]) continue;
    const target = resolve(file, m[2]!);
    if (target) found.push(target);
  }
  return found;
}

/** Strongly connected components of more than one file (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(path.relative(ROOT, w));
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

it('has no import circle among the modules', () => {
  const files = FOLDERS.flatMap((f) => sources(path.join(ROOT, f)));
  expect(files.length).toBeGreaterThan(50);
  const graph = new Map(files.map((f) => [f, runtimeImports(f)]));
  expect(circles(graph)).toEqual([]);
});

it('finds a circle when there is one', () => {
  const graph = new Map([
    ['/a', ['/b']],
    ['/b', ['/c']],
    ['/c', ['/a']],
    ['/d', ['/a']],
  ]);
  expect(circles(graph).map((c) => c.length)).toEqual([3]);
});

it('gives every workflow feature a contract beside its implementation', () => {
  const features = fs
    .readdirSync(path.join(ROOT, 'workflows'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(ROOT, 'workflows', e.name, 'workflow.ts')));
  expect(features.map((f) => f.name).sort()).toEqual([
    'assessment',
    'awards',
    'bulletin',
    'cycle',
    'cycle-notices',
    'notice',
  ]);
  for (const f of features)
    expect(fs.existsSync(path.join(ROOT, 'workflows', f.name, 'contract.ts'))).toBe(true);
});

it("names in the README's layout section every folder that holds code, and only folders that exist", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Layout'), readme.indexOf('## Measured'));
  const named = [...section.matchAll(/^\| `([^`]+)`/gm)].map((m) => m[1]!);
  for (const folder of named) {
    const concrete = folder.replace(/<feature>\/?$/, '');
    expect([folder, fs.existsSync(path.join(ROOT, concrete))]).toEqual([folder, true]);
  }
  const topLevel = new Set(named.map((f) => f.split('/')[0]));
  const withCode = fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !['node_modules', 'data', '.git'].includes(e.name))
    .filter((e) => sources(path.join(ROOT, e.name)).length > 0)
    .map((e) => e.name);
  for (const folder of withCode) expect([folder, topLevel.has(folder)]).toEqual([folder, true]);
});
