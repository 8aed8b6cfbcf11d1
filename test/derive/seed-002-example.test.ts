import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** examples/seed-002-backprop.ts runs and shows the δ recursion as ricci's output, every result checked by differences. */
describe('the seed-002 example', () => {
  it('prints the recursion in terms of the named adjoints in both layouts and every check passes', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/seed-002-backprop.ts'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(out).toContain('denominator: δz1 = ∂C/∂z1 = (W2ᵀ δz2) ⊙ (𝟏 − a1^∘2)');
    expect(out).toContain('numerator:   δz1ᵀ = ∂C/∂z1 = (δz2ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ');
    expect(out).toContain('denominator: ∂C/∂W1 = δz1 xᵀ');
    expect(out).toContain('numerator:   ∂C/∂W1 = x δz1ᵀ');
    expect(out).toContain('δz1[i] = dC/dz1[i] = W2[j,i] (1 - a1[i]^2) δz2[j]');
    // every parameter at once: the recursion first, then the gradients in terms of it
    expect(out).toContain('δz2[i] = dC/dz2[i] = 0.5 (1 - a2[i]^2) (a2[i] - y[i])\n   δz1[i] = dC/dz1[i]');
    expect(out).toContain('denominator: ∂C/∂b2 = δz2');
    expect(out).toContain('\\left({\\mathrm{W2}}^{\\top}\\mkern3mu \\delta_{\\mathrm{z2}}\\right) \\odot');
    // and the same δ(1) without adjoints, written out
    expect(out).toContain('∂C/∂z1 = 0.5 ((W2ᵀ ((𝟏 − a2^∘2) ⊙ (a2 − y))) ⊙ (𝟏 − a1^∘2))');
    expect(out.match(/→ ok/g)).toHaveLength(6);
    expect(out).not.toContain('MISMATCH');
  }, 130_000);
});
