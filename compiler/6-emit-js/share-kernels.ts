import type { ExecutionPlan, KernelSource } from '../../runtime/execution-plan.js';

/**
 * One kernel per distinct body: steps whose JavaScript kernels differ only in their names call the
 * first of them. A Hessian of a depth-30 composition lowers to ~1,400 pairwise steps of a handful of
 * distinct shapes; without sharing its source repeated each (588 KB), and every copy was compiled.
 * Kernels with WebAssembly are kept as they are (their modules are cached by their bytes already).
 */
export function shareKernels(plan: ExecutionPlan): ExecutionPlan {
  const first = new Map<string, number>();
  const kernels: KernelSource[] = [];
  const index = plan.kernels.map((kernel) => {
    const body = kernel.wasm === undefined ? bodyOf(kernel) : undefined;
    const known = body === undefined ? undefined : first.get(body);
    if (known !== undefined) return known;
    if (body !== undefined) first.set(body, kernels.length);
    kernels.push(kernel);
    return kernels.length - 1;
  });
  if (kernels.length === plan.kernels.length) return plan;
  return { ...plan, kernels, steps: plan.steps.map((step) => ({ ...step, kernel: index[step.kernel]! })) };
}

/** The kernel's source with its own name taken out (it comes first, in the function header). */
function bodyOf(kernel: KernelSource): string {
  return kernel.source.replace(kernel.name, '');
}
