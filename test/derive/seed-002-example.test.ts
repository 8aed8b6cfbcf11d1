import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** examples/seed-002-backprop.ts runs and shows the δ recursion, every result checked by differences. */
describe('the seed-002 example', () => {
  it('prints the adjoints in both layouts and every check passes', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/seed-002-backprop.ts'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(out).toContain('denominator: ∂C/∂z1 = 0.5 ((W2ᵀ ((𝟏 − a2^∘2) ⊙ (a2 − y))) ⊙ (𝟏 − a1^∘2))');
    expect(out).toContain('numerator:   ∂C/∂z1 = 0.5 ((((𝟏 − a2^∘2) ⊙ (a2 − y))ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ)');
    expect(out.match(/→ ok/g)).toHaveLength(5);
    expect(out).not.toContain('MISMATCH');
  }, 130_000);
});
