"""Les jumeaux numpy donnent les mêmes itérés que torch.optim (float64, 200 étapes)."""

import os

import numpy as np
import pytest

from course_utils import SGD, Adagrad, Adam, OneNeuronNetwork, RMSprop, one_neuron_example, run
from course_utils.optimizers import sample_indices

if os.environ.get("CI"):
    import torch  # en CI, torch est installé : ce test ne doit jamais être sauté
else:
    torch = pytest.importorskip("torch")

assert os.environ.get("ATEN_CPU_CAPABILITY") == "default"

CONFIGS = [
    (SGD, dict(lr=0.05)),
    (SGD, dict(lr=0.05, momentum=0.9)),
    (SGD, dict(lr=0.05, momentum=0.9, dampening=0.3)),
    (SGD, dict(lr=0.05, momentum=0.8, weight_decay=0.1)),
    (SGD, dict(lr=0.05, momentum=0.9, nesterov=True)),
    (SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.05)),
    (RMSprop, dict()),
    (RMSprop, dict(lr=0.05, alpha=0.9)),
    (RMSprop, dict(lr=0.05, eps=1e-3)),
    (RMSprop, dict(lr=0.02, weight_decay=0.1)),
    (RMSprop, dict(lr=0.01, momentum=0.9)),
    (RMSprop, dict(lr=0.05, centered=True)),
    (RMSprop, dict(lr=0.01, centered=True, momentum=0.5, weight_decay=0.01)),
    (Adam, dict()),
    (Adam, dict(lr=0.1)),
    (Adam, dict(lr=0.1, betas=(0.8, 0.99))),
    (Adam, dict(lr=0.1, eps=1e-4)),
    (Adam, dict(lr=0.1, weight_decay=0.1)),
    (Adam, dict(lr=0.1, amsgrad=True)),
    (Adam, dict(lr=0.05, amsgrad=True, weight_decay=0.01, betas=(0.5, 0.9))),
    (Adagrad, dict()),
    (Adagrad, dict(lr=0.5)),
    (Adagrad, dict(lr=0.5, lr_decay=0.01)),
    (Adagrad, dict(lr=0.3, weight_decay=0.1)),
    (Adagrad, dict(lr=0.5, initial_accumulator_value=0.1)),
    (Adagrad, dict(lr=0.5, eps=1e-3)),
    (Adagrad, dict(lr=0.2, lr_decay=0.05, weight_decay=0.05, initial_accumulator_value=0.5,
                   eps=1e-6)),
]
STARTS = {"least_squares": (-7.0, 7.0), "tanh": (2.5, -3.0)}
T = 200


def torch_trajectory(cls, kwargs, objective, w0, stochastic, seed):
    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, cls.__name__)([p], **kwargs)
    idx = sample_indices(objective.n, T, seed) if stochastic else None
    out = [p.detach().numpy().copy()]
    for t in range(T):
        opt.zero_grad()
        z = p.detach().numpy()
        g = objective.grad_i(z, idx[t]) if stochastic else objective.grad(z)
        p.grad = torch.from_numpy(np.ascontiguousarray(g))
        opt.step()
        out.append(p.detach().numpy().copy())
    return np.array(out)


@pytest.mark.parametrize("stochastic", [False, True], ids=["full", "stochastic"])
@pytest.mark.parametrize(
    "cls, kwargs", CONFIGS, ids=[f"{c.__name__}-{k}" for c, k in CONFIGS]
)
def test_twin_equals_torch(objective, cls, kwargs, stochastic):
    key = "least_squares" if objective.name == "moindres carrés" else "tanh"
    w0 = STARTS[key]
    ours = run(cls(**kwargs), objective, w0, T, stochastic=stochastic, seed=3)
    theirs = torch_trajectory(cls, kwargs, objective, w0, stochastic, seed=3)
    assert ours.shape == theirs.shape == (T + 1, 2)
    assert np.isfinite(theirs).all()
    rel = np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300)
    assert rel.max() <= 1e-9, f"écart relatif max {rel.max():.3g}"


def test_torch_autograd_matches_our_gradients(objective):
    """Le gradient de torch (backward) sur la même formule égale le nôtre."""
    X = torch.tensor(objective.X)
    y = torch.tensor(objective.y)
    rng = np.random.default_rng(0)
    for w in rng.uniform(-4, 4, size=(20, 2)):
        p = torch.tensor(w, requires_grad=True)
        if objective.name == "moindres carrés":
            F = torch.mean((X @ p - y) ** 2)
        else:
            M = torch.stack([torch.stack([p[0], torch.tensor(-1.0, dtype=torch.float64)]),
                             torch.stack([torch.tensor(1.0, dtype=torch.float64), p[1]])])
            c = torch.tensor([-1.0, 1.0], dtype=torch.float64)  # les poids de sortie
            F = torch.mean((torch.tanh(X @ M.T) @ c - y) ** 2)
        F.backward()
        assert F.item() == pytest.approx(objective.value(w), rel=1e-13)
        np.testing.assert_allclose(p.grad.numpy(), objective.grad(w), rtol=1e-12, atol=1e-14)


# Le réseau à un neurone (deux minima, un point selle) : Nesterov et AdaGrad, comme torch
ONE_NEURON_CONFIGS = [
    (SGD, dict(lr=0.1, momentum=0.9, nesterov=True)),
    (SGD, dict(lr=0.2, momentum=0.5, nesterov=True, weight_decay=0.01)),
    (Adagrad, dict(lr=0.5)),
    (Adagrad, dict(lr=0.3, lr_decay=0.01, initial_accumulator_value=0.1)),
]


@pytest.mark.parametrize("stochastic", [False, True], ids=["full", "stochastic"])
@pytest.mark.parametrize(
    "cls, kwargs", ONE_NEURON_CONFIGS, ids=[f"{c.__name__}-{k}" for c, k in ONE_NEURON_CONFIGS]
)
def test_twin_equals_torch_on_the_one_neuron_network(cls, kwargs, stochastic):
    net = OneNeuronNetwork(*one_neuron_example())
    w0 = (-1.0, 2.0)
    ours = run(cls(**kwargs), net, w0, T, stochastic=stochastic, seed=3)
    theirs = torch_trajectory(cls, kwargs, net, w0, stochastic, seed=3)
    assert np.isfinite(theirs).all()
    rel = np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300)
    assert rel.max() <= 1e-9, f"écart relatif max {rel.max():.3g}"
