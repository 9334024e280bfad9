"""Le pont vers PyTorch : torch_loss (F en opérations torch) et torch_trajectory (les vrais
optimiseurs de torch.optim)."""

import os
import subprocess
import sys

import numpy as np
import pytest

from course_utils import (
    SGD,
    Adagrad,
    Adam,
    LeastSquares,
    RMSprop,
    TanhNetwork,
    linear_example,
    run,
    sgd_momentum,
)
from course_utils.optimizers import METHODS
from course_utils.torch_bridge import (
    NO_TORCH_NOTE,
    OPTIMIZERS,
    torch_loss,
    torch_method_trajectory,
    torch_trajectory,
)

if os.environ.get("CI"):
    import torch  # en CI, torch est installé : ces tests ne doivent jamais être sautés
else:
    torch = pytest.importorskip("torch")

POINTS = np.random.default_rng(0).uniform(-5, 5, size=(15, 2))
STARTS = {"moindres carrés": (-7.0, 7.0), "réseau tanh": (2.5, -3.0)}


def relative_gap(a, b):
    return np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300))


# -- torch_loss ----------------------------------------------------------------------------------
def test_loss_equals_objective_value(objective):
    for w in POINTS:
        p = torch.tensor(w, dtype=torch.float64)
        loss = torch_loss(objective, p)
        assert loss.dim() == 0 and loss.dtype == torch.float64
        assert loss.item() == pytest.approx(objective.value(w), rel=1e-13)


def test_loss_of_one_example_has_no_one_over_n(objective):
    for w in POINTS[:5]:
        p = torch.tensor(w, dtype=torch.float64)
        for i in range(objective.n):
            assert torch_loss(objective, p, i).item() == pytest.approx(
                objective.value_i(w, i), rel=1e-13)
        total = sum(torch_loss(objective, p, i).item() for i in range(objective.n))
        assert total / objective.n == pytest.approx(objective.value(w), rel=1e-13)


def test_autograd_gradient_equals_our_formula(objective):
    for w in POINTS:
        p = torch.tensor(w, dtype=torch.float64, requires_grad=True)
        torch_loss(objective, p).backward()
        np.testing.assert_allclose(p.grad.numpy(), objective.grad(w), rtol=1e-12, atol=1e-12)
        for i in range(objective.n):
            q = torch.tensor(w, dtype=torch.float64, requires_grad=True)
            torch_loss(objective, q, i).backward()
            np.testing.assert_allclose(q.grad.numpy(), objective.grad_i(w, i), rtol=1e-12,
                                       atol=1e-12)


def test_tanh_network_follows_the_formula_M_x(tanh_net):
    # R_w(x) = c · tanh(M x), M = [[w1, -1], [1, w2]], c = [-1, 1] : calculé ici sans
    # torch_loss
    w = np.array([1.5, -0.5])
    M = np.array([[w[0], -1.0], [1.0, w[1]]])
    R = np.array([np.dot([-1.0, 1.0], np.tanh(M @ x)) for x in tanh_net.X])
    expected = np.mean((R - tanh_net.y) ** 2)
    assert torch_loss(tanh_net, torch.tensor(w)).item() == pytest.approx(expected, rel=1e-13)


def test_float32_parameters_are_accepted(least_squares):
    p = torch.tensor([1.0, 2.0])  # float32, le type par défaut de torch
    loss = torch_loss(least_squares, p)
    assert loss.dtype == torch.float32
    assert loss.item() == pytest.approx(least_squares.value([1.0, 2.0]), rel=1e-6)


# -- torch_trajectory ------------------------------------------------------------------------
def test_trajectory_shape_and_start(objective):
    w0 = STARTS[objective.name]
    for name in OPTIMIZERS:
        Z = torch_trajectory(name, objective, w0, 12, lr=0.05)
        assert isinstance(Z, np.ndarray) and Z.dtype == np.float64
        assert Z.shape == (13, 2)
        np.testing.assert_array_equal(Z[0], w0)
        assert np.isfinite(Z).all()
    assert torch_trajectory("Adam", objective, w0, 0).shape == (1, 2)


def test_default_settings_are_torch_defaults(least_squares):
    # sans réglage, Adam prend lr=0.001 et betas=(0.9, 0.999) : comme le jumeau numpy
    ours = run(Adam(), least_squares, (-7.0, 7.0), 30)
    theirs = torch_trajectory("Adam", least_squares, (-7.0, 7.0), 30)
    assert relative_gap(ours, theirs) <= 1e-9


TWINS = [
    ("SGD", SGD, dict(lr=0.05, momentum=0.9)),
    ("SGD", SGD, dict(lr=0.05, momentum=0.8, nesterov=True)),
    ("RMSprop", RMSprop, dict(lr=0.05)),
    ("RMSprop", RMSprop, dict(lr=0.02, momentum=0.5, centered=True)),
    ("Adam", Adam, dict(lr=0.1)),
    ("Adam", Adam, dict(lr=0.1, betas=(0.8, 0.99), amsgrad=True)),
    ("Adagrad", Adagrad, dict(lr=0.5)),
    ("Adagrad", Adagrad, dict(lr=0.3, lr_decay=0.01, initial_accumulator_value=0.1)),
]


@pytest.mark.parametrize("stochastic", [False, True], ids=["complet", "stochastique"])
@pytest.mark.parametrize("name, twin, kwargs", TWINS,
                         ids=[f"{n}-{k}" for n, _, k in TWINS])
def test_torch_equals_numpy_twin(objective, name, twin, kwargs, stochastic):
    w0 = STARTS[objective.name]
    theirs = torch_trajectory(name, objective, w0, 150, stochastic=stochastic, seed=4, **kwargs)
    ours = run(twin(**kwargs), objective, w0, 150, stochastic=stochastic, seed=4)
    assert np.isfinite(theirs).all()
    gap = relative_gap(ours, theirs)
    assert gap <= 1e-9, f"écart relatif maximal {gap:.3g}"


def test_momentum_same_as_lecture_at_constant_step(least_squares):
    """À pas constant, v = ρ v + g ; p = p − lr·v est le momentum du cours (v = α v − η g)."""
    w0, eta, alpha, T = (-7.0, 7.0), 0.05, 0.8, 60
    for seed in range(3):
        lecture = sgd_momentum(least_squares, w0, eta, alpha, T, seed=seed, schedule="constant")
        theirs = torch_trajectory("SGD", least_squares, w0, T, lr=eta, momentum=alpha,
                                  stochastic=True, seed=seed)
        np.testing.assert_allclose(theirs, lecture, rtol=1e-10, atol=1e-12)


def test_momentum_differs_from_lecture_when_the_step_decreases(least_squares):
    w0, eta, alpha, T = (-7.0, 7.0), 0.05, 0.8, 60
    lecture = sgd_momentum(least_squares, w0, eta, alpha, T, seed=0, schedule="inv_sqrt")
    theirs = torch_trajectory("SGD", least_squares, w0, T, lr=eta, momentum=alpha,
                              stochastic=True, seed=0, schedule="inv_sqrt")
    assert np.max(np.abs(theirs - lecture)) > 0.5
    # ... mais c'est bien torch.optim.SGD avec lr/√t à l'étape t : le jumeau numpy, pas à pas
    from course_utils.optimizers import sample_indices

    opt = SGD(lr=eta, momentum=alpha)
    idx = sample_indices(least_squares.n, T, 0)
    z = np.array(w0)
    expected = [z]
    for t in range(1, T + 1):
        opt.lr = eta / np.sqrt(t)
        z = opt.step(z, least_squares.grad_i(z, idx[t - 1]))
        expected.append(z)
    assert relative_gap(np.array(expected), theirs) <= 1e-9


def test_stochastic_uses_the_same_draws_as_the_lecture(least_squares):
    a = torch_trajectory("SGD", least_squares, (1.0, 1.0), 20, lr=0.1, stochastic=True, seed=7)
    b = torch_trajectory("SGD", least_squares, (1.0, 1.0), 20, lr=0.1, stochastic=True, seed=7)
    c = torch_trajectory("SGD", least_squares, (1.0, 1.0), 20, lr=0.1, stochastic=True, seed=8)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_other_torch_optimizers_work(least_squares):
    Z = torch_trajectory("Adagrad", least_squares, (-7.0, 7.0), 10, lr=0.5)
    assert Z.shape == (11, 2) and np.isfinite(Z).all()


def test_divergence_gives_nan_rows_not_an_error(least_squares):
    Z = torch_trajectory("SGD", least_squares, (-7.0, 7.0), 400, lr=5.0)
    assert Z.shape == (401, 2)
    bad = ~np.isfinite(Z).all(axis=1)
    assert bad.any() and not bad[0]
    first = np.argmax(bad)
    assert np.isnan(Z[first:]).all()


# -- les méthodes du registre, calculées par torch.optim ----------------------------------------
def test_optimizers_are_those_of_the_registry():
    assert OPTIMIZERS == ("SGD", "RMSprop", "Adam", "Adagrad")
    assert set(OPTIMIZERS) == {m.torch_optimizer for m in METHODS.values() if m.torch_optimizer}


@pytest.mark.parametrize("name", [n for n, m in METHODS.items() if m.torch_optimizer])
def test_each_registered_method_equals_its_torch_optimizer(objective, name):
    """Chaque méthode du registre qui déclare un équivalent de torch.optim donne, calculée par
    torch (autograd, LambdaLR pour le pas η/√t, mêmes tirages), la trajectoire de numpy ; sauf
    le momentum à pas η/√t, qui n'est pas celui de PyTorch (chapitre 06)."""
    w0, eta, T, alpha, seed = STARTS[objective.name], 0.05, 60, 0.8, 2
    theirs = torch_method_trajectory(name, objective, w0, eta, T, alpha=alpha, seed=seed)
    ours = METHODS[name].trajectory(objective, w0, eta, T, alpha, seed)
    assert theirs.shape == ours.shape == (T + 1, 2) and np.isfinite(theirs).all()
    if name == "momentum":
        assert relative_gap(ours, theirs) > 1e-3
    else:
        assert relative_gap(ours, theirs) <= 1e-9, name


def test_method_without_torch_equivalent_is_refused(least_squares):
    from dataclasses import replace

    plain = replace(METHODS["gd"], name="plain", torch_optimizer=None, torch_settings=None)
    METHODS["plain"] = plain
    try:
        with pytest.raises(ValueError, match="« plain », une méthode sans équivalent"):
            torch_method_trajectory("plain", least_squares, (0, 0), 0.1, 5)
    finally:
        del METHODS["plain"]
    with pytest.raises(ValueError, match="paramètre method"):
        torch_method_trajectory("newton", least_squares, (0, 0), 0.1, 5)


# -- messages d'erreur en français --------------------------------------------------------------
@pytest.mark.parametrize("call, error, words", [
    (lambda F: torch_trajectory("sgd", F, (0, 0), 5), ValueError, "majuscules"),
    (lambda F: torch_trajectory(None, F, (0, 0), 5), TypeError, "nom d'un optimiseur"),
    (lambda F: torch_trajectory("LBFGS", F, (0, 0), 5), ValueError, "closure"),
    (lambda F: torch_trajectory("SGD", F, (0, 0), 5, momentun=0.9), TypeError,
     "n'a pas de paramètre momentun"),
    (lambda F: torch_trajectory("SGD", F, (0, 0), 5, lr=-0.1), ValueError, "refuse"),
    (lambda F: torch_trajectory("SGD", "F", (0, 0), 5), TypeError, "LeastSquares"),
    (lambda F: torch_trajectory("SGD", F, (0, 0, 0), 5), ValueError, "forme"),
    (lambda F: torch_trajectory("SGD", F, [[0, 0], [1, 1]], 5), ValueError, "forme"),
    (lambda F: torch_trajectory("SGD", F, (0, 0), 2.5), TypeError, "entier"),
    (lambda F: torch_trajectory("SGD", F, (0, 0), -1), ValueError, "positif"),
    (lambda F: torch_trajectory("SGD", F, (0, 0), 5, stochastic="oui"), TypeError, "True ou False"),
    (lambda F: torch_trajectory("SGD", F, (0, 0), 5, seed=-3), ValueError, "positif"),
    (lambda F: torch_trajectory("SGD", F, (0, 0), 5, schedule="lineaire"), ValueError,
     "inv_sqrt"),
    (lambda F: torch_loss(F, np.zeros(2)), TypeError, "tenseur torch"),
    (lambda F: torch_loss(F, torch.zeros(2, dtype=torch.int64)), TypeError, "virgule"),
    (lambda F: torch_loss(F, torch.zeros(3, dtype=torch.float64)), ValueError, "forme (2,)"),
    (lambda F: torch_loss(F, torch.zeros(2, dtype=torch.float64), 3), ValueError,
     "entre 0 et 2"),
    (lambda F: torch_loss(F, torch.zeros(2, dtype=torch.float64), 1.0), TypeError, "entier"),
    (lambda F: torch_loss(object(), torch.zeros(2, dtype=torch.float64)), TypeError,
     "TanhNetwork"),
])
def test_french_errors(least_squares, call, error, words):
    with pytest.raises(error) as info:
        call(least_squares)
    message = str(info.value)
    assert words in message
    assert "Le paramètre" in message or "torch.optim" in message


# -- torch est importé à la demande ----------------------------------------------------------------
def run_python(code):
    env = dict(os.environ)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)


def test_course_utils_imports_without_torch():
    code = (
        "import sys\n"
        "sys.modules['torch'] = None  # torch introuvable\n"
        "import course_utils, course_utils.torch_bridge as tb\n"
        "from course_utils import LeastSquares, linear_example\n"
        "print(tb.torch_available())\n"
        "try:\n"
        "    tb.torch_loss(LeastSquares(*linear_example()), [0.0, 0.0])\n"
        "except ImportError as err:\n"
        "    print(err)\n"
    )
    out = run_python(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("False\n")
    assert "PyTorch" in out.stdout and "make install" in out.stdout


# -- sans torch (dans le navigateur) : les jumeaux numpy prennent le relais ----------------------
#: les trajectoires du chapitre 6, et d'autres réglages (nom, objectif, départ, T, réglages)
NO_TORCH_CASES = [
    ("SGD", "ls", (-7.0, 7.0), 60, dict(lr=0.05, momentum=0.8, stochastic=True, seed=0)),
    ("SGD", "ls", (-7.0, 7.0), 60, dict(lr=0.05, momentum=0.8, stochastic=True, seed=0,
                                         schedule="inv_sqrt")),
    *[(name, F, w0, 150, kwargs)
      for F, w0 in (("ls", (-7.0, 7.0)), ("tanh", (3.0, 4.0)))
      for name, kwargs in (("SGD", dict(lr=0.1)), ("SGD", dict(lr=0.1, momentum=0.8)),
                           ("RMSprop", dict(lr=0.1)), ("Adam", dict(lr=0.1)),
                           ("Adagrad", dict(lr=0.5)))],
    ("Adam", "tanh", (2.5, -3.0), 80, dict(lr=0.05, betas=(0.8, 0.99), amsgrad=True,
                                           stochastic=True, seed=3, schedule="inv_sqrt")),
    ("RMSprop", "ls", (1.0, 1.0), 40, dict(lr=0.02, momentum=0.5, centered=True)),
    ("SGD", "tanh", (2.5, -3.0), 40, dict(lr=0.05, momentum=0.7, nesterov=True)),
    ("Adagrad", "tanh", (2.5, -3.0), 40, dict(lr=0.3, lr_decay=0.01, stochastic=True, seed=1)),
    ("Adam", "ls", (-7.0, 7.0), 30, {}),  # les valeurs par défaut de torch
    ("SGD", "ls", (-7.0, 7.0), 400, dict(lr=5.0)),  # divergence : des NaN
]

#: un processus où « import torch » échoue, comme dans Pyodide : les trajectoires des cas
#: (argv[1]), puis celles de chaque méthode du registre (torch_method_trajectory)
NO_TORCH_SCRIPT = """
import json, sys
sys.modules["torch"] = None  # torch introuvable, comme dans Pyodide
import numpy as np
from course_utils import LeastSquares, TanhNetwork, linear_example
from course_utils.optimizers import METHODS
from course_utils.torch_bridge import torch_available, torch_method_trajectory, torch_trajectory
objectives = {"ls": LeastSquares(*linear_example()), "tanh": TanhNetwork(*linear_example())}
assert not torch_available()
cases, methods = json.loads(sys.argv[1]), json.loads(sys.argv[2])
paths = [torch_trajectory(name, objectives[F], tuple(w0), T, **kw) for name, F, w0, T, kw in cases]
paths += [torch_method_trajectory(m, objectives["tanh"], (2.5, -3.0), 0.05, 60, alpha=0.8, seed=2)
          for m in methods]
np.save(sys.argv[3], np.array(paths, dtype=object), allow_pickle=True)
"""


def test_without_torch_the_trajectories_are_torchs(tmp_path):
    """Sans torch, torch_trajectory (et torch_method_trajectory, pour chaque méthode du
    registre) donne les trajectoires de torch.optim, calculées ici avec torch : mêmes tirages,
    même pas lr/√t, même divergence ; une phrase le dit, une seule fois."""
    import json

    methods = [n for n, m in METHODS.items() if m.torch_optimizer]
    out_file = tmp_path / "twins.npy"
    out = subprocess.run([sys.executable, "-c", NO_TORCH_SCRIPT, json.dumps(NO_TORCH_CASES),
                          json.dumps(methods), str(out_file)],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout == NO_TORCH_NOTE + "\n"  # une phrase, une seule fois
    assert out.stderr == ""
    twins = list(np.load(out_file, allow_pickle=True))
    objectives = {"ls": LeastSquares(*linear_example()), "tanh": TanhNetwork(*linear_example())}
    expected = [(f"{name} {kwargs}", torch_trajectory(name, objectives[F], w0, T, **kwargs))
                for name, F, w0, T, kwargs in NO_TORCH_CASES]
    expected += [(m, torch_method_trajectory(m, objectives["tanh"], (2.5, -3.0), 0.05, 60,
                                             alpha=0.8, seed=2)) for m in methods]
    assert len(twins) == len(expected)
    diverged = 0
    for (label, theirs), ours in zip(expected, twins, strict=True):
        assert ours.shape == theirs.shape
        finite = np.isfinite(theirs).all(axis=1)
        diverged += not finite.all()
        np.testing.assert_array_equal(np.isfinite(ours).all(axis=1), finite, err_msg=label)
        gap = relative_gap(ours[finite], theirs[finite])
        assert gap <= 1e-9, f"{label} : écart relatif {gap:.3g}"
    assert diverged == 1  # le pas 5 : la divergence est bien vue des deux côtés


@pytest.mark.parametrize("call, error, words", [
    ("torch_trajectory('AdamW', F, (0, 0), 5)", ValueError, "jumeau numpy"),
    ("torch_trajectory('sgd', F, (0, 0), 5)", ValueError, "majuscules"),
    ("torch_trajectory('LBFGS', F, (0, 0), 5)", ValueError, "closure"),
    ("torch_trajectory(3, F, (0, 0), 5)", TypeError, "nom d'un optimiseur"),
    ("torch_trajectory('SGD', F, (0, 0), 5, maximize=True)", TypeError,
     "n'a pas de paramètre maximize"),
    ("torch_trajectory('Adam', F, (0, 0), 5, lr=-1)", ValueError, "Le paramètre lr"),
    ("torch_trajectory('SGD', 'F', (0, 0), 5)", TypeError, "LeastSquares"),
    ("torch_trajectory('SGD', F, (0, 0), 5, schedule='x')", ValueError, "inv_sqrt"),
])
def test_without_torch_errors_stay_in_french(call, error, words):
    code = (
        "import sys\n"
        "sys.modules['torch'] = None\n"
        "from course_utils import LeastSquares, linear_example\n"
        "from course_utils.torch_bridge import torch_trajectory\n"
        "F = LeastSquares(*linear_example())\n"
        "try:\n"
        f"    {call}\n"
        "except Exception as err:\n"
        "    print(type(err).__name__, err)\n"
    )
    out = run_python(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(error.__name__ + " "), out.stdout
    assert words in out.stdout


def test_importing_the_bridge_does_not_import_torch():
    out = run_python("import sys, course_utils.torch_bridge\nprint('torch' in sys.modules)")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
