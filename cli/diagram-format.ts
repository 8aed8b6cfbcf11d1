import type { DiagramFormat } from '../src/index.js';
import { UsageError } from './input.js';

const byExtension: Readonly<Record<string, DiagramFormat>> = { svg: 'svg', dot: 'dot', gv: 'dot', tex: 'tikz', json: 'json' };
const formats: readonly DiagramFormat[] = ['svg', 'dot', 'tikz', 'json'];

/** --format if given, else the output file's extension, else SVG. */
export function diagramFormatOf(format: string | undefined, output: string | undefined): DiagramFormat {
  if (format !== undefined) {
    const f = formats.find((x) => x === format);
    if (!f) throw new UsageError(`--format is one of ${formats.join(', ')}, got '${format}'`);
    return f;
  }
  if (output === undefined) return 'svg';
  const extension = /\.([^./]+)$/.exec(output)?.[1]?.toLowerCase() ?? '';
  const f = byExtension[extension];
  if (!f) throw new UsageError(`cannot tell the diagram format from '${output}': use .svg, .dot, .tex or .json, or --format`);
  return f;
}
