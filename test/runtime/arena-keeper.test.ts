import { describe, expect, it } from 'vitest';
import { createArenaKeeper } from '../../runtime/arena-keeper.js';

describe('the arena keeper', () => {
  it('keeps arenas for the owners used last within the budget, dropping the least recently used first', () => {
    const keeper = createArenaKeeper();
    const dropped: string[] = [];
    const drop = (name: string): void => { dropped.push(name); };
    const [a, b, c] = [{}, {}, {}];
    expect(keeper.keep(a, 40, 100, () => 'a1', drop)).toBe('a1');
    expect(keeper.keep(b, 50, 100, () => 'b1', drop)).toBe('b1');
    // a again: the same arena, no new one made, now the most recent
    expect(keeper.keep(a, 40, 100, () => 'a2', drop)).toBe('a1');
    expect(keeper.bytes).toBe(90);
    // c needs 30: b (least recent) goes, a stays
    expect(keeper.keep(c, 30, 100, () => 'c1', drop)).toBe('c1');
    expect(dropped).toEqual(['b1']);
    expect([keeper.bytesOf(a), keeper.bytesOf(b), keeper.bytesOf(c), keeper.bytes]).toEqual([40, 0, 30, 70]);
    expect(keeper.keep(b, 50, 100, () => 'b2', drop)).toBe('b2');
    expect(dropped).toEqual(['b1', 'a1']);
  });

  it('keeps nothing for an arena over the budget, and a smaller budget later drops down to it', () => {
    const keeper = createArenaKeeper();
    const dropped: number[] = [];
    const [a, b] = [{}, {}];
    expect(keeper.keep(a, 101, 100, () => 1, (x) => dropped.push(x))).toBeUndefined();
    expect(keeper.bytes).toBe(0);
    keeper.keep(a, 60, 100, () => 2, (x) => dropped.push(x));
    keeper.keep(b, 30, 100, () => 3, (x) => dropped.push(x));
    expect(keeper.keep(b, 30, 50, () => 4, (x) => dropped.push(x))).toBe(3);
    expect(dropped).toEqual([2]);
    expect(keeper.keep(b, 30, 10, () => 5, (x) => dropped.push(x))).toBeUndefined();
    expect(dropped).toEqual([2, 3]);
    expect(keeper.bytes).toBe(0);
  });

  it('forgets an owner on request (dropping its arena), and nothing for an owner it does not keep', () => {
    const keeper = createArenaKeeper();
    const dropped: string[] = [];
    const [a, b] = [{}, {}];
    keeper.keep(a, 40, 100, () => 'a1', (x) => dropped.push(x));
    keeper.forget(b);
    expect([dropped, keeper.bytes]).toEqual([[], 40]);
    keeper.forget(a);
    expect([dropped, keeper.bytes, keeper.bytesOf(a)]).toEqual([['a1'], 0, 0]);
  });
});

