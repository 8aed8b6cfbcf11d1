/**
 * Builds the playground into a self-contained static folder (default playground/dist): index.html,
 * style.css, one bundled main.js with the whole compiler, and KaTeX's stylesheet and fonts. Every
 * reference is relative, so the folder works from any static host or sub-path.
 *   npx tsx playground/build.ts [folder]
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = import.meta.dirname;
const root = resolve(here, '..');

export async function buildPlayground(folder = join(here, 'dist')): Promise<{ folder: string; bytes: number }> {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const result = await build({
    entryPoints: [join(here, 'app', 'main.ts')],
    outfile: join(folder, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    metafile: true,
    tsconfig: join(root, 'tsconfig.json'), // its paths map 'ricci' to src/index.ts
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'style.css']) cpSync(join(here, file), join(folder, file));
  const katex = join(root, 'node_modules', 'katex', 'dist');
  cpSync(join(katex, 'katex.min.css'), join(folder, 'katex', 'katex.min.css'));
  cpSync(join(katex, 'fonts'), join(folder, 'katex', 'fonts'), { recursive: true });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { folder, bytes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { folder, bytes } = await buildPlayground(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`playground built: ${folder} (main.js ${(bytes / 1024).toFixed(0)} KiB)`);
}
