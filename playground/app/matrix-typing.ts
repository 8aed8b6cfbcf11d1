import type { Size } from './ricci-types.js';

/**
 * matrixcalculus.org's typing by letter for matrix-notation input: a–g are scalars, h–z vectors,
 * A–Z matrices (any other name is a matrix). Every vector is n-long and every matrix n×n unless a
 * declaration line `W: [m, n]` above the expression says otherwise.
 */
export interface TypedMatrixInput {
  readonly expression: string;
  /** Where the expression starts in the text (declarations come first). */
  readonly offset: number;
  readonly shapes: Record<string, Size[]>;
}

const declaration = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*:\s*\[([^\]]*)\]\s*$/u;

export function typeMatrixInput(text: string): TypedMatrixInput {
  const lines = text.split('\n');
  const shapes: Record<string, Size[]> = {};
  let offset = 0;
  let at = 0;
  while (at < lines.length && (declaration.test(lines[at]!) || lines[at]!.trim() === '')) {
    const m = declaration.exec(lines[at]!);
    if (m) shapes[m[1]!] = m[2]!.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    offset += lines[at]!.length + 1;
    at++;
  }
  const expression = lines.slice(at).join('\n');
  for (const m of expression.matchAll(/([\p{L}_][\p{L}\p{N}_]*)(\s*\()?/gu)) {
    const name = m[1]!;
    if (m[2] || name in shapes) continue; // a function call (tr, det, log, …) or declared
    shapes[name] = shapeByLetter(name);
  }
  return { expression, offset, shapes };
}

function shapeByLetter(name: string): Size[] {
  if (/^[a-g]/.test(name)) return [];
  if (/^[h-z]/.test(name)) return ['n'];
  return ['n', 'n'];
}
