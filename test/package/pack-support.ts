import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const repoModules = join(root, 'node_modules');

/**
 * `npm pack` of the working tree as a fresh clone would pack it: the tracked and unignored files
 * copied to a temporary folder (so the `prepare` build there cannot race a build in this tree),
 * sharing this tree's node_modules for the compiler. Returns the tarball's path.
 */
export function packFreshCopy(into: string): string {
  const copy = join(into, 'clone');
  mkdirSync(copy);
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0').filter((f) => f !== '' && !f.startsWith('node_modules/') && !f.startsWith('dist/'));
  for (const f of files) {
    try { cpSync(join(root, f), join(copy, f), { recursive: false }); }
    catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; } // deleted but not yet committed
  }
  symlinkSync(repoModules, join(copy, 'node_modules'));
  execFileSync('npm', ['pack', '--pack-destination', into, '--silent'], { cwd: copy, stdio: 'pipe', timeout: 120_000 });
  const tarball = readdirSync(into).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  return join(into, tarball);
}

/**
 * An empty consumer project with the tarball installed by npm, offline: ricci's own dependencies
 * are given as this tree's installed copies (npm links them), so nothing is fetched.
 */
export function installConsumer(into: string, tarball: string): string {
  const consumer = join(into, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const deps = ['@types/ndarray', 'commander'].map((d) => join(repoModules, d));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...deps],
    { cwd: consumer, stdio: 'pipe', timeout: 120_000 });
  return consumer;
}

export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'ricci-pack-'));
}
