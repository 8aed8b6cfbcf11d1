import { assertNever } from '../diagnostics/assert-never.js';
import type { Address, Kernel, Reach, Stmt } from './loop-ir.js';

/**
 * What the checker knows about a pointer in scope: its buffer (or the commonly based buffers, for
 * pointers from the common root) and its range relative to the base.
 */
interface PointerRange {
  readonly buffer: string | ReadonlySet<string>;
  readonly min: number;
  readonly max: number;
}

interface Scope {
  readonly pointers: ReadonlyMap<string, PointerRange>;
  readonly locals: ReadonlySet<string>;
  /** Accumulators of the enclosing tile, if any. */
  readonly accumulators: ReadonlySet<string>;
}

/**
 * Checks a kernel and returns every problem found (empty when valid): names used before they are
 * declared, pointers used with another buffer, stores into an input, loops whose extent is not a
 * multiple of the step, tiles that store twice to one place or never update an accumulator, and any address that can
 * leave its buffer's reach (interval analysis over the carried pointers).
 */
export function checkKernel(kernel: Kernel): string[] {
  const problems: string[] = [];
  const reach = new Map<string, Reach>(kernel.buffers.map((b) => [b.name, b.reach]));
  const inputs = new Set(kernel.buffers.filter((b) => b.role === 'input').map((b) => b.name));
  for (const a of storesIn(kernel.body)) if (inputs.has(a.buffer)) problems.push(`stores into input '${a.buffer}'`);
  const pointers = new Map<string, PointerRange>(kernel.buffers.map((b) => [b.base, { buffer: b.name, min: 0, max: 0 }]));
  if (kernel.commonBase) pointers.set(kernel.commonBase.root, { buffer: new Set(kernel.commonBase.buffers), min: 0, max: 0 });
  const scope: Scope = { pointers, locals: new Set(), accumulators: new Set() };
  checkBlock(kernel.body, scope, reach, problems);
  return problems;
}

/** Statements in order; values a multiplyAdd loads stay in scope for the statements after it (hoisted loads). */
function checkBlock(stmts: readonly Stmt[], scope: Scope, reach: ReadonlyMap<string, Reach>, problems: string[]): void {
  let current = scope;
  for (const s of stmts) {
    checkStmt(s, current, reach, problems);
    if (s.kind === 'multiplyAdd' && s.loads.length > 0)
      current = { ...current, locals: new Set([...current.locals, ...s.loads.map((l) => l.target)]) };
  }
}

function checkStmt(s: Stmt, scope: Scope, reach: ReadonlyMap<string, Reach>, problems: string[]): void {
  switch (s.kind) {
    case 'loop':
      return checkLoop(s, scope, reach, problems);
    case 'tile':
      return checkTile(s, scope, reach, problems);
    case 'multiplyAdd': {
      const locals = new Set(scope.locals);
      for (const l of s.loads) {
        checkAddress(l.address, 0, scope, reach, problems);
        locals.add(l.target);
      }
      for (const u of s.updates) {
        if (!scope.accumulators.has(u.accumulator)) problems.push(`update of '${u.accumulator}' outside its tile`);
        for (const f of u.factors) if (!locals.has(f)) problems.push(`factor '${f}' is used before it is loaded`);
      }
      return;
    }
    case 'copy':
      checkAddress(s.from, 0, scope, reach, problems);
      checkAddress(s.to, 0, scope, reach, problems);
      return;
    case 'fill':
      if (s.count > 0) checkAddress(s.to, s.count - 1, scope, reach, problems);
      return;
    case 'reduce': {
      if (s.extents.length !== s.strides.length || s.counters.length !== s.extents.length) problems.push(`reduce of ${s.extents.length} extents, ${s.strides.length} strides and ${s.counters.length} counters`);
      checkAddress(s.to, 0, scope, reach, problems);
      if (s.extents.some((e) => e === 0)) return;
      const spans = s.extents.map((e, k) => (e - 1) * s.strides[k]!);
      const low = spans.reduce((m, x) => m + Math.min(0, x), 0);
      const high = spans.reduce((m, x) => m + Math.max(0, x), 0);
      checkAddress({ ...s.from, offset: s.from.offset + low }, high - low, scope, reach, problems);
      return;
    }
    default:
      return assertNever(s);
  }
}

function checkLoop(s: Extract<Stmt, { kind: 'loop' }>, scope: Scope, reach: ReadonlyMap<string, Reach>, problems: string[]): void {
  if (!(s.step > 0) || s.extent % s.step !== 0) problems.push(`loop '${s.counter}' has extent ${s.extent} not a multiple of step ${s.step}`);
  if (s.extent === 0) return;
  const last = s.extent / s.step - 1;
  const pointers = new Map(scope.pointers);
  for (const c of s.carried) {
    const from = scope.pointers.get(c.from);
    if (!from) { problems.push(`pointer '${c.pointer}' starts from undeclared '${c.from}'`); continue; }
    const span = [c.start, c.start + last * c.advance];
    pointers.set(c.pointer, { buffer: from.buffer, min: from.min + Math.min(...span), max: from.max + Math.max(...span) });
  }
  checkBlock(s.body, { ...scope, pointers }, reach, problems);
}

function checkTile(s: Extract<Stmt, { kind: 'tile' }>, scope: Scope, reach: ReadonlyMap<string, Reach>, problems: string[]): void {
  if (s.store.length !== s.accumulators.length) problems.push(`tile has ${s.accumulators.length} accumulators but ${s.store.length} stores`);
  const places = new Set(s.store.map((a) => `${a.pointer}+${a.offset}`));
  if (places.size !== s.store.length) problems.push(`tile of ${s.accumulators.length} stores twice to one element`);
  for (const a of s.store) checkAddress(a, 0, scope, reach, problems);
  const inner: Scope = { ...scope, accumulators: new Set(s.accumulators) };
  checkBlock(s.body, inner, reach, problems);
  const updated = new Set(updatesIn(s.body));
  for (const a of s.accumulators) if (!updated.has(a)) problems.push(`accumulator '${a}' is never updated`);
}

/** Every address written: tile stores, copy and fill targets, reduce results. */
function storesIn(body: readonly Stmt[]): Address[] {
  return body.flatMap((s): Address[] => {
    switch (s.kind) {
      case 'loop': return storesIn(s.body);
      case 'tile': return [...s.store, ...storesIn(s.body)];
      case 'copy': case 'fill': case 'reduce': return [s.to];
      case 'multiplyAdd': return [];
      default: return assertNever(s);
    }
  });
}

function updatesIn(body: readonly Stmt[]): string[] {
  return body.flatMap((s) => (s.kind === 'multiplyAdd' ? s.updates.map((u) => u.accumulator) : s.kind === 'loop' ? updatesIn(s.body) : []));
}

/** The address range [pointer + offset, … + extra] must lie inside the buffer's reach. */
function checkAddress(a: Address, extra: number, scope: Scope, reach: ReadonlyMap<string, Reach>, problems: string[]): void {
  const p = scope.pointers.get(a.pointer);
  if (!p) { problems.push(`pointer '${a.pointer}' is used before it is declared`); return; }
  if (typeof p.buffer === 'string' ? p.buffer !== a.buffer : !p.buffer.has(a.buffer)) {
    problems.push(`pointer '${a.pointer}' walks '${[...(typeof p.buffer === 'string' ? [p.buffer] : p.buffer)].join("' or '")}' but addresses '${a.buffer}'`);
    return;
  }
  const r = reach.get(a.buffer)!;
  const low = p.min + a.offset;
  const high = p.max + a.offset + extra;
  if (low < r.min || high > r.max) problems.push(`'${a.buffer}' is addressed at ${low}..${high}, outside its reach ${r.min}..${r.max}`);
}
