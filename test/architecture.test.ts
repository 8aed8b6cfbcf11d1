import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of DESIGN.md §1, read from the import lines themselves:
 * runtime/ imports nothing of ours; compiler stage N imports only stages ≤ N, diagnostics/ and
 * runtime/; views/ reads stages 1–4; compiler/driver/ sequences every stage; src/ imports only the
 * driver, diagnostics/, views/ and runtime types; nothing inside compiler/ or runtime/ imports src/;
 * cli/ imports only the package entries (src/index.ts, src/graphviz.ts); no cycles; no
 * module-level mutable state.
 */
const root = resolve(import.meta.dirname, '..');
const folders = ['src', 'compiler', 'runtime', 'cli'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = folders.flatMap((f) => sourceFiles(join(root, f))).map((p) => relative(root, p));

/** Relative imports of a file; `valuesOnly` drops `import type` lines, which vanish at run time. */
function importsOf(file: string, valuesOnly = false): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const statements = /^\s*(import|export)\s(type\s)?[^'"]*?from\s+['"]([^'"]+)['"]/gm;
  const specifiers = [
    ...[...text.matchAll(statements)].filter((m) => !(valuesOnly && m[2])).map((m) => m[3]!),
    ...[...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
  ]
    .filter((s) => s.startsWith('.'));
  return specifiers.map((s) => relative(root, resolve(dirname(join(root, file)), s)).replace(/\.js$/, '.ts'));
}

/** 'compiler/3-calculus/x.ts' → 3; diagnostics → 0; views → 4.5 (reads stages ≤ 4); runtime → -1. */
function layer(file: string): number | 'src' | 'cli' {
  if (file.startsWith('cli/')) return 'cli';
  if (file.startsWith('src/')) return 'src';
  if (file.startsWith('runtime/')) return -1;
  const stage = /^compiler\/(\d)-/.exec(file);
  if (stage) return Number(stage[1]);
  if (file.startsWith('compiler/views/')) return 4.5;
  if (file.startsWith('compiler/diagnostics/')) return 0;
  if (file.startsWith('compiler/driver/')) return 7; // sequences every stage
  throw new Error(`no layer for ${file}: a new compiler folder needs a rule here`);
}

/** What src/ may import: the driver, diagnostics, views and (type-only) runtime; src/ itself. */
function srcMayImport(target: string, typeOnly: boolean): boolean {
  return target.startsWith('src/') || target.startsWith('compiler/driver/') || target.startsWith('compiler/diagnostics/') ||
    target.startsWith('compiler/views/') || (typeOnly && target.startsWith('runtime/'));
}

describe('architecture', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('follows the import rules', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layer(file);
      for (const target of importsOf(file)) {
        const to = layer(target);
        // the CLI is a thin layer over the public API: the package entries, and its own files
        if (from === 'cli') {
          if (to !== 'cli' && target !== 'src/index.ts' && target !== 'src/graphviz.ts') violations.push(`cli reaches past the public API: ${file} → ${target}`);
          continue;
        }
        if (from === 'src') continue;
        if (to === 'cli') violations.push(`${file} imports the CLI: ${target}`);
        else if (to === 'src') violations.push(`${file} imports src/: ${target}`);
        else if (from === -1 && to !== -1) violations.push(`runtime imports the compiler: ${file} → ${target}`);
        else if (from === 0 && to > 0) violations.push(`diagnostics imports a stage: ${file} → ${target}`);
        else if (typeof to === 'number' && to > from && !(from === 4.5 && to <= 4)) violations.push(`${file} (layer ${from}) imports a later stage: ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps src/ to argument checks and wrapping: it imports the driver, diagnostics, views and runtime types only', () => {
    const violations = files.filter((f) => f.startsWith('src/')).flatMap((file) => {
      const values = new Set(importsOf(file, true));
      return importsOf(file).filter((target) => !srcMayImport(target, !values.has(target))).map((target) => `${file} → ${target}`);
    });
    expect(violations).toEqual([]);
  });

  it('has no import cycles among run-time imports', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f, true)]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const g of graph.get(f) ?? []) visit(g, [...stack, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('keeps every view in a sub-folder with a README, the sub-folders importing each other without a cycle', () => {
    const views = files.filter((f) => f.startsWith('compiler/views/'));
    const folderOf = (f: string): string => f.split('/')[2]!;
    expect(views.filter((f) => f.split('/').length !== 4)).toEqual([]);
    const folders = [...new Set(views.map(folderOf))];
    expect(folders.filter((d) => !existsSync(join(root, 'compiler/views', d, 'README.md')))).toEqual([]);
    const edges = new Map(folders.map((d) => [d, new Set(views.filter((f) => folderOf(f) === d)
      .flatMap((f) => importsOf(f)).filter((t) => t.startsWith('compiler/views/')).map(folderOf).filter((t) => t !== d))]));
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      [...edges.get(from) ?? []].some((n) => n === to || (!seen.has(n) && (seen.add(n), reaches(n, to, seen))));
    expect(folders.filter((d) => reaches(d, d))).toEqual([]);
  });

  it('keeps the back ends apart: 6-emit-python renders the network itself (no 5-lower) and no emitter imports another', () => {
    const emitters = files.filter((f) => f.startsWith('compiler/6-'));
    const crossings = emitters.flatMap((f) => importsOf(f)
      .filter((t) => (t.startsWith('compiler/6-') && t.split('/')[1] !== f.split('/')[1]) || (f.startsWith('compiler/6-emit-python/') && t.startsWith('compiler/5-')))
      .map((t) => `${f} → ${t}`));
    expect(emitters.some((f) => f.startsWith('compiler/6-emit-python/'))).toBe(true);
    expect(crossings).toEqual([]);
  });

  it('reads matrix-notation input in 1-parse, as a front end that builds the Ricci AST', () => {
    const input = files.filter((f) => /matrix-input/.test(f) && !f.startsWith('compiler/diagnostics/'));
    expect(input.length).toBeGreaterThan(0);
    expect(input.filter((f) => !f.startsWith('compiler/1-parse/'))).toEqual([]);
    expect(importsOf('compiler/1-parse/matrix-input.ts')).toContain('compiler/1-parse/ricci-print.ts');
  });

  it('keeps no module-level mutable state', () => {
    const findings = files.flatMap((file) =>
      readFileSync(join(root, file), 'utf8').split('\n').flatMap((line, k) =>
        /^(?:export\s+)?(?:let|var)\s/.test(line) || /^(?:export\s+)?const\s+\w+\s*(?::\s*(?:Map|Set|WeakMap|Array)\b[^=]*)?=\s*new\s+(?:Map|Set|WeakMap|Array)\b/.test(line)
          ? [`${file}:${k + 1}: ${line.trim()}`] : []));
    expect(findings).toEqual([]);
  });
});
