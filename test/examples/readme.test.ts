import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The README's tutorial is executable: its ```ts blocks, joined in order, run as one file, and
 * print exactly the ```text block shown under each of them.
 */
const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

function tutorial(): { code: string; output: string; blocks: number } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = /## Five-minute tutorial\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
  const blocks = [...section.matchAll(/```(ts|text)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1]!, body: m[2]! }));
  return {
    code: blocks.filter((b) => b.kind === 'ts').map((b) => b.body).join('\n'),
    output: blocks.filter((b) => b.kind === 'text').map((b) => b.body).join(''),
    blocks: blocks.length,
  };
}

describe('README', () => {
  it('the five-minute tutorial prints what the README says it prints', async () => {
    const { code, output, blocks } = tutorial();
    expect(blocks).toBe(12);
    expect(code).toContain("from 'ricci'");
    const folder = join(root, 'out', 'test-readme');
    mkdirSync(folder, { recursive: true });
    try {
      writeFileSync(join(folder, 'tutorial.ts'), code);
      const { stdout } = await run(join(root, 'node_modules', '.bin', 'tsx'), [join(folder, 'tutorial.ts')], { cwd: root, timeout: 120_000 });
      expect(stdout).toBe(output);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('starts with the two commands', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock.split('\n')[0]).toMatch(/^npm install && npm start\s/);
    expect(firstBlock.split('\n')[1]).toMatch(/^npm test\s/);
  });

  it('names every export of the package entries (src/index.ts and the subpaths) in its API reference', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const api = /## API reference\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const names = ['index.ts', 'threads.ts', 'graphviz.ts'].flatMap((entry) => {
      const text = readFileSync(join(root, 'src', entry), 'utf8');
      return [
        ...[...text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(','))
          .map((s) => s.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim()),
        ...[...text.matchAll(/^export\s+(?:async\s+)?(?:function|const|class|interface|type)\s+(\w+)/gm)].map((m) => m[1]!),
      ].filter((s) => s !== '');
    });
    expect(names.length).toBeGreaterThan(60);
    expect(names).toEqual(expect.arrayContaining(['workerThreads', 'ThreadSupport', 'renderDot']));
    const missing = names.filter((n) => !new RegExp(`\\b${n}\\b`).test(api));
    expect(missing).toEqual([]);
  });
});
