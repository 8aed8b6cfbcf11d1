import { assertNever } from '../diagnostics/assert-never.js';
import type { Address, Kernel, Stmt } from '../5-lower/loop-ir.js';
import { JsWriter } from './js-writer.js';
import { elementwiseSource } from './elementwise-source.js';
import { jsName, jsNumber, jsOffset } from './js-tokens.js';

/**
 * A kernel as one JavaScript function declaration. Parameters: for each buffer, its data array
 * then its base offset, in the kernel's buffer order (output, inputs, scratch).
 *   function step1_tiled_4x4(out1, o1, x1, o2, x2, o3) { … }
 */
export function emitKernel(kernel: Kernel): string {
  const w = new JsWriter();
  const params = kernel.buffers.flatMap((b) => [jsName(b.name), jsName(b.base)]);
  w.block(`function ${jsName(kernel.name)}(${params.join(', ')})`, () => {
    if (kernel.commonBase) emitRebase(w, kernel);
    for (const s of kernel.body) emitStmt(w, s);
  });
  return w.toString();
}

/**
 * Each commonly based buffer as a view starting at its base (a plain array, rare: copied from
 * there), then the root pointer they are addressed from:
 *   if (o2) x1 = x1.subarray ? x1.subarray(o2) : [].slice.call(x1, o2);
 */
function emitRebase(w: JsWriter, kernel: Kernel): void {
  const { root, buffers } = kernel.commonBase!;
  for (const b of kernel.buffers) {
    if (!buffers.includes(b.name)) continue;
    const [data, base] = [jsName(b.name), jsName(b.base)];
    w.line(`if (${base}) ${data} = ${data}.subarray ? ${data}.subarray(${base}) : [].slice.call(${data}, ${base});`);
  }
  w.line(`const ${jsName(root)} = 0;`);
}

function emitStmt(w: JsWriter, s: Stmt): void {
  switch (s.kind) {
    case 'loop':
      return emitLoop(w, s);
    case 'tile':
      return emitTile(w, s);
    case 'multiplyAdd':
      for (const l of s.loads) w.line(`const ${jsName(l.target)} = ${access(l.address)};`);
      for (const u of s.updates) w.line(`${jsName(u.accumulator)} += ${product(u.coefficient, u.factors)};`);
      return;
    case 'copy':
      w.line(`${access(s.to)} = ${scaled(s.scale, access(s.from))};`);
      return;
    case 'fill': {
      const start = jsOffset(s.to.pointer, s.to.offset);
      w.line(`${jsName(s.to.buffer)}.fill(${jsNumber(s.value)}, ${start}, ${start} + ${jsNumber(s.count)});`);
      return;
    }
    case 'reduce':
      return emitReduce(w, s);
    default:
      return assertNever(s);
  }
}

/**
 * A loop of one iteration is a block; otherwise carried pointers advance at the end of each pass.
 * A loop that carries a moving pointer runs on it, its counter's name holding the end value (the
 * counter is used for nothing else; one increment less per pass, ~10–25% of a Hadamard product):
 *   for (const i1 = p1 + 4096; p1 < i1;) { …; p1 += 4; p2 += 4; }
 */
function emitLoop(w: JsWriter, s: Extract<Stmt, { kind: 'loop' }>): void {
  w.block('', () => {
    for (const c of s.carried) w.line(`let ${jsName(c.pointer)} = ${jsOffset(c.from, c.start)};`);
    const body = (): void => { for (const b of s.body) emitStmt(w, b); };
    if (s.extent === s.step) return body();
    const i = jsName(s.counter);
    const driver = s.carried.find((c) => c.advance !== 0);
    const head = driver === undefined
      ? `for (let ${i} = 0; ${i} < ${jsNumber(s.extent)}; ${i} += ${jsNumber(s.step)})`
      : `for (const ${i} = ${jsOffset(driver.pointer, (s.extent / s.step) * driver.advance)}; ${jsName(driver.pointer)} ${driver.advance > 0 ? '<' : '>'} ${i};)`;
    w.block(head, () => {
      body();
      for (const c of s.carried) if (c.advance !== 0) w.line(`${jsName(c.pointer)} += ${jsNumber(c.advance)};`);
    });
  });
}

function emitTile(w: JsWriter, s: Extract<Stmt, { kind: 'tile' }>): void {
  const initial = (k: number): string => (s.mode === 'assign' ? '0' : s.mode === 'copy' ? '-0' : access(s.store[k]!));
  w.line(`let ${s.accumulators.map((a, k) => `${jsName(a)} = ${initial(k)}`).join(', ')};`);
  for (const b of s.body) emitStmt(w, b);
  const value = (k: number): string => {
    const scaledValue = scaled(s.scale, jsName(s.accumulators[k]!));
    return s.map === undefined ? scaledValue : elementwiseSource(s.map, s.scale === 1 ? scaledValue : `(${scaledValue})`);
  };
  s.store.forEach((to, k) => w.line(`${access(to)} = ${value(k)};`));
}

/**
 * runtime/reductions.ts's formulas as loops, the same operations in the same order: the max (NaN
 * sticks), or the min; for logsumexp, when the max is finite, max + log Σ exp(x − max).
 */
function emitReduce(w: JsWriter, s: Extract<Stmt, { kind: 'reduce' }>): void {
  const acc = jsName(s.accumulator);
  const v = jsName(s.value);
  const at = [jsOffset(s.from.pointer, s.from.offset), ...s.counters.map((c, k) => `${jsName(c)} * (${jsNumber(s.strides[k]!)})`)].join(' + ');
  const overBlock = (body: () => void): void => {
    const nest = (k: number): void => {
      if (k === s.counters.length) { w.line(`const ${v} = ${jsName(s.from.buffer)}[${at}];`); body(); return; }
      const c = jsName(s.counters[k]!);
      w.block(`for (let ${c} = 0; ${c} < ${jsNumber(s.extents[k]!)}; ${c}++)`, () => nest(k + 1));
    };
    nest(0);
  };
  w.block('', () => {
    w.line(`let ${acc} = ${s.op === 'min' ? 'Infinity' : '-Infinity'};`);
    overBlock(() => w.line(`if (${v} ${s.op === 'min' ? '<' : '>'} ${acc} || ${v} !== ${v}) ${acc} = ${v};`));
    if (s.op === 'logsumexp')
      w.block(`if (${acc} - ${acc} === 0)`, () => {
        const total = jsName(s.total);
        w.line(`let ${total} = 0;`);
        overBlock(() => w.line(`${total} += Math.exp(${v} - ${acc});`));
        w.line(`${acc} = ${acc} + Math.log(${total});`);
      });
    w.line(`${access(s.to)} = ${acc};`);
  });
}

function access(a: Address): string {
  return `${jsName(a.buffer)}[${jsOffset(a.pointer, a.offset)}]`;
}

/** c · f0 · f1 …, leaving out a coefficient of 1 unless nothing else is multiplied. */
function product(coefficient: number, factors: readonly string[]): string {
  const names = factors.map(jsName);
  if (names.length === 0) return jsNumber(coefficient);
  return (coefficient === 1 ? names : [`(${jsNumber(coefficient)})`, ...names]).join(' * ');
}

function scaled(scale: number, value: string): string {
  return scale === 1 ? value : `(${jsNumber(scale)}) * ${value}`;
}
