/**
 * einsum on scijs ndarrays, numpy semantics. Run: npx tsx examples/einsum.ts
 */
import ndarray from 'ndarray';
import { RicciError, einsum } from 'ricci';

const show = (label: string, a: ndarray.NdArray<Float64Array>): void =>
  console.log(`${label.padEnd(56)} shape [${a.shape.join(', ')}]  ${JSON.stringify(Array.from(a.data))}`);

const A = ndarray(Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3]);
const B = ndarray(Float64Array.of(1, 0, 2, 1, 0, 3), [3, 2]);

show("matrix product      einsum('ij,jk->ik', A, B)", einsum('ij,jk->ik', A, B));
show("implicit transpose  einsum('ji', A)", einsum('ji', A));
show("trace               einsum('ii', A·B)", einsum('ii', einsum('ij,jk', A, B)));
show("diagonal            einsum('ii->i', M)", einsum('ii->i', [[1, 2], [3, 4]]));
show("strided view        einsum('ij,ij->', Aᵀ, Aᵀ)", einsum('ij,ij->', A.transpose(1, 0), A.transpose(1, 0)));
show("batched matmul      einsum('...ij,...jk', X, Y)", einsum('...ij,...jk', [[[1, 2]], [[3, 4]]], [[5], [6]]));
show("size-1 broadcasting einsum('ij,ij->ij', col, A)", einsum('ij,ij->ij', [[10], [100]], A));
show("scalars             einsum(',ab,->ab', 2, A, 0.5)", einsum(',ab,->ab', 2, A, 0.5));
show("five operands       einsum('ea,fb,abcd,gc,hd->efgh', …)",
  einsum('ea,fb,abcd,gc,hd->efgh', [[1, 2]], [[1, 1]], ndarray(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8), [2, 2, 1, 2]), [[3]], [[1, -1]]));

try {
  einsum('ij,jk->ik', A, A);
} catch (e) {
  if (!(e instanceof RicciError)) throw e;
  console.log(`\nA bad call reports a coded error with a caret:\n${e.message}`);
}
