import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Every export of the package's entries (src/index.ts, and the subpaths src/threads.ts and
 * src/graphviz.ts) carries a doc comment with an @example where it is declared
 * (re-exports are followed to the declaring file), and the examples run: all of them in one file,
 * each line `expression; // → text` checked against what the expression gives.
 */
const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

interface Found { readonly file: string; readonly comment: string | undefined }

/** The export specifiers of a file: exported name → { name in the source module, module }. */
function reexports(text: string): Map<string, { readonly local: string; readonly from: string }> {
  const result = new Map<string, { local: string; from: string }>();
  for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/g))
    for (const part of m[1]!.split(',')) {
      const [local, exported] = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).map((s) => s.trim());
      if (local) result.set(exported ?? local, { local, from: m[2]! });
    }
  return result;
}

function declaration(file: string, name: string, seen = 0): Found | undefined {
  if (seen > 8) return undefined;
  const text = readFileSync(file, 'utf8');
  const declared = new RegExp(`(/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/\\s*)?export\\s+(?:declare\\s+)?(?:default\\s+)?(?:abstract\\s+)?(?:async\\s+)?(?:function\\*?|class|interface|type|const|let|enum)\\s+${name}\\b`).exec(text);
  if (declared) return { file, comment: declared[1] };
  const via = reexports(text).get(name);
  if (!via) return undefined;
  const target = resolve(dirname(file), via.from.replace(/\.js$/, '.ts'));
  return existsSync(target) ? declaration(target, via.local, seen + 1) : undefined;
}

/** The exports of an entry file: re-exported names and names it declares itself. */
function exportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const own = [...text.matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|class|interface|type|const|let|enum)\s+(\w+)/gm)].map((m) => m[1]!);
  return [...reexports(text).keys(), ...own];
}

describe('TSDoc', () => {
  const entries = ['index.ts', 'threads.ts', 'graphviz.ts'].map((f) => join(root, 'src', f));
  const exported = entries.flatMap((entry) => exportsOf(entry).map((name) => ({ name, entry })));
  const names = exported.map((e) => e.name);
  const found = (e: { name: string; entry: string }): Found | undefined => declaration(e.entry, e.name);

  it('finds the declaration of every export of the package entries', () => {
    expect(names.length).toBeGreaterThan(60);
    expect(names).toContain('workerThreads');
    expect(names).toContain('renderDot');
    expect(exported.filter((e) => !found(e)).map((e) => e.name)).toEqual([]);
  });

  it('every export has a doc comment with an @example', () => {
    const missing = exported.filter((e) => !/@example/.test(found(e)?.comment ?? '')).map((e) => e.name);
    expect(missing).toEqual([]);
  });

  it('the examples run and give what their `// →` comments say', async () => {
    const examples = exported.flatMap((e) => [{ name: e.name, code: exampleOf(found(e)?.comment ?? '') }, ...memberExamples(found(e)?.file, e.name)]);
    // members' examples run too (CompiledEinsum.residentInputs, …)
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['CompiledEinsum.residentInputs', 'CompiledEinsum.residentOutput']));
    const checks = examples.reduce((n, e) => n + [...e.code.matchAll(/\/\/ → /g)].length, 0);
    expect(checks).toBeGreaterThan(80);
    const folder = join(root, 'out', 'test-tsdoc');
    mkdirSync(folder, { recursive: true });
    try {
      writeFileSync(join(folder, 'examples.ts'), programOf(examples));
      // they typecheck as a user's file would (tsconfig's paths map 'ricci' to src/index.ts)…
      writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true }, include: ['examples.ts'] }));
      await run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(folder, 'tsconfig.json')], { cwd: root, timeout: 120_000 });
      // …and run
      const { stdout } = await run(join(root, 'node_modules', '.bin', 'tsx'), [join(folder, 'examples.ts')], { cwd: root, timeout: 120_000 });
      const failures = stdout.split('\n').filter((l) => l.startsWith('MISMATCH'));
      expect(failures).toEqual([]);
      expect(stdout).toContain(`checked ${checks}`);
    } finally {
      if (!process.env['KEEP_TSDOC']) rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** The examples in the doc comments of an exported interface's members, named `Interface.member`. */
function memberExamples(file: string | undefined, name: string): { name: string; code: string }[] {
  const text = file === undefined ? '' : readFileSync(file, 'utf8');
  const start = new RegExp(`export\\s+interface\\s+${name}\\b[^{]*\\{`).exec(text);
  if (!start) return [];
  const body = text.slice(start.index + start[0].length, text.indexOf('\n}', start.index));
  return [...body.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(?:readonly\s+)?(\w+)/g)]
    .filter((m) => m[1]!.includes('@example'))
    .map((m) => ({ name: `${name}.${m[2]!}`, code: exampleOf(`/**${m[1]!}*/`) }));
}

/** The code after `@example` in a doc comment, without the comment's stars. */
function exampleOf(comment: string): string {
  const lines = comment.split('\n').map((l) => l.replace(/^\s*\*( |$)/, ''));
  const start = lines.findIndex((l) => l.startsWith('@example'));
  if (start < 0) return '';
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.startsWith('@') || l.trim().startsWith('*/') || l.trim() === '/');
  return rest.slice(0, end < 0 ? rest.length : end).join('\n').replace(/\s*\*\/\s*$/, '');
}

/** One module: the examples' imports merged at the top, each example in its own async scope. */
function programOf(examples: readonly { readonly name: string; readonly code: string }[]): string {
  const imports = new Map<string, Set<string>>();
  const bodies = examples.map(({ name, code }) => {
    const body = code.split('\n').filter((line) => {
      const m = /^import\s+(?:(\w+)|\{([^}]*)\})\s+from\s+'([^']+)';$/.exec(line);
      if (!m) return true;
      const names = imports.get(m[3]!) ?? new Set<string>();
      if (m[1]) names.add(`default:${m[1]}`);
      for (const n of (m[2] ?? '').split(',').map((x) => x.trim()).filter(Boolean)) names.add(n);
      imports.set(m[3]!, names);
      return false;
    }).map((line) => {
      const m = /^(\s*)(.+?);\s*\/\/ → (.*)$/.exec(line);
      return m ? `${m[1]}check(${JSON.stringify(name)}, (${m[2]}), ${JSON.stringify(m[3])});` : line;
    });
    return `await (async () => { // ${name}\n${body.join('\n')}\n})();`;
  });
  const header = [...imports].map(([from, set]) => {
    const all = [...set];
    const byDefault = all.find((n) => n.startsWith('default:'))?.slice('default:'.length);
    const named = [...new Set(all.filter((n) => !n.startsWith('default:')).map((n) => n.replace(/^type\s+/, '')))];
    const types = named.filter((n) => all.includes(`type ${n}`) && !all.includes(n));
    const values = named.filter((n) => !types.includes(n));
    const list = [...values, ...types.map((t) => `type ${t}`)].join(', ');
    return `import ${[byDefault, list ? `{ ${list} }` : undefined].filter(Boolean).join(', ')} from '${from}';`;
  });
  return [
    ...header,
    'let checked = 0;',
    'const show = (v: unknown): string => typeof v === \'string\' ? v.replace(/\\n/g, \'\\\\n\')',
    '  : Array.isArray(v) || ArrayBuffer.isView(v) ? `[${Array.from(v as ArrayLike<unknown>, show).join(\', \')}]` : String(v);',
    'function check(name: string, value: unknown, expected: string): void {',
    '  checked++;',
    '  if (show(value) !== expected) console.log(`MISMATCH ${name}: got ${show(value)} expected ${expected}`);',
    '}',
    ...bodies,
    'console.log(`checked ${checked}`);',
  ].join('\n');
}
