import numpy as np
import numpy as _np


def compute(in_x, in_W, in_y):
    t0 = np.einsum('k,l->kl', in_x, in_y)
    return t0


def value(in_x, in_W, in_y):
    t0 = np.einsum('i,ij->j', in_x, in_W)
    t1 = np.einsum('j,j->', in_y, t0)
    return t1


def check(in_x, in_W, in_y, eps=1e-6):
    """Max of |compute - central differences of value| / max(1, |difference|)."""
    args = [_np.array(a, dtype=_np.float64) for a in (in_x, in_W, in_y,)]
    k = 1
    f0 = _np.asarray(value(*args))
    numeric = _np.zeros(f0.shape + args[k].shape)
    for pos in _np.ndindex(*args[k].shape):
        plus = [a.copy() for a in args]
        minus = [a.copy() for a in args]
        plus[k][pos] += eps
        minus[k][pos] -= eps
        numeric[(Ellipsis,) + pos] = (_np.asarray(value(*plus)) - _np.asarray(value(*minus))) / (2 * eps)
    symbolic = _np.asarray(compute(*args))
    return float(_np.max(_np.abs(symbolic - numeric) / _np.maximum(1.0, _np.abs(numeric)), initial=0.0))

