import jax.numpy as np


def compute(in_x, in_W, in_b, in_y):
    t0 = np.einsum('i,ij->j', in_x, in_W)
    t1 = t0 + (-2.0) * in_b
    t2 = np.tanh(t1)
    t3 = np.einsum('j,j->', t2, in_y)
    return t3


