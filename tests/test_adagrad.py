"""Le jumeau numpy de torch.optim.Adagrad : sa formule, sans torch (l'égalité avec torch est
dans test_torch_equality.py)."""

import numpy as np
import pytest

from course_utils import Adagrad, gradient_descent, run


def by_the_formula(objective, w0, T, lr, lr_decay=0.0, weight_decay=0.0, s0=0.0, eps=1e-10):
    p = np.array(w0, dtype=float)
    s = np.full(2, s0)
    out = [p]
    for t in range(1, T + 1):
        g = objective.grad(p) + weight_decay * p
        s = s + g**2
        p = p - lr / (1 + (t - 1) * lr_decay) * g / (np.sqrt(s) + eps)
        out.append(p)
    return np.array(out)


@pytest.mark.parametrize("kwargs", [
    dict(lr=0.5),
    dict(lr=0.5, lr_decay=0.1),
    dict(lr=0.3, weight_decay=0.2),
    dict(lr=0.5, initial_accumulator_value=2.0),
    dict(lr=0.5, eps=0.5),
])
def test_adagrad_is_its_formula(objective, kwargs):
    ours = run(Adagrad(**kwargs), objective, (2.5, -3.0), 100)
    args = dict(kwargs)
    args["s0"] = args.pop("initial_accumulator_value", 0.0)
    np.testing.assert_allclose(ours, by_the_formula(objective, (2.5, -3.0), 100, **args),
                               rtol=1e-12, atol=1e-12)


def test_defaults_are_torch_defaults():
    opt = Adagrad()
    assert (opt.lr, opt.lr_decay, opt.weight_decay, opt.initial_accumulator_value, opt.eps) == (
        0.01, 0.0, 0.0, 0.0, 1e-10)
    assert repr(opt) == ("Adagrad(lr=0.01, lr_decay=0.0, weight_decay=0.0, "
                         "initial_accumulator_value=0.0, eps=1e-10)")


def test_first_step_moves_each_coordinate_by_lr(least_squares):
    """Première étape : s = g², donc chaque coordonnée bouge de lr (au signe près), quelle que
    soit la taille de son gradient : un pas par coordonnée."""
    Z = run(Adagrad(lr=0.25), least_squares, (-7.0, 7.0), 1)
    g = least_squares.grad((-7.0, 7.0))
    np.testing.assert_allclose(Z[1] - Z[0], -0.25 * np.sign(g), rtol=1e-9)


def test_state_is_reset_by_run_and_batches_work(least_squares):
    opt = Adagrad(lr=0.5)
    a = run(opt, least_squares, (-7.0, 7.0), 30)
    b = run(opt, least_squares, (-7.0, 7.0), 30)
    np.testing.assert_array_equal(a, b)
    Z = run(opt, least_squares, [(-7.0, 7.0), (1.0, 1.0)], 30)
    assert Z.shape == (31, 2, 2)
    np.testing.assert_allclose(Z[:, 0], a, rtol=1e-14)
    c = run(Adagrad(lr=0.5), least_squares, (-7.0, 7.0), 30, stochastic=True, seed=1)
    d = run(Adagrad(lr=0.5), least_squares, (-7.0, 7.0), 30, stochastic=True, seed=1)
    np.testing.assert_array_equal(c, d)
    assert not np.allclose(c, a)


def test_adagrad_steps_shrink(least_squares):
    """Le pas effectif décroît comme 1/√(somme des g²) : Adagrad finit plus lentement que la
    descente de gradient au meilleur pas, mais sans avoir à choisir η."""
    Z = run(Adagrad(lr=1.0), least_squares, (-7.0, 7.0), 500)
    steps = np.linalg.norm(np.diff(Z, axis=0), axis=1)
    assert steps[-1] < 1e-3 * steps[0]
    w_star = least_squares.minimizer()
    assert np.linalg.norm(Z[-1] - w_star) < 1e-3
    gd = gradient_descent(least_squares, (-7.0, 7.0), least_squares.optimal_step, 500)
    assert np.linalg.norm(gd[-1] - w_star) < np.linalg.norm(Z[-1] - w_star)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(lr=0), ValueError, "Le paramètre lr doit être un nombre strictement positif"),
    (dict(lr="0.1"), TypeError, "Le paramètre lr doit être un nombre réel"),
    (dict(lr_decay=-0.1), ValueError, "Le paramètre lr_decay doit être dans l'intervalle"),
    (dict(weight_decay=-1), ValueError, "Le paramètre weight_decay"),
    (dict(initial_accumulator_value=-1), ValueError, "Le paramètre initial_accumulator_value"),
    (dict(eps=0), ValueError, "Le paramètre eps doit être un nombre strictement positif"),
])
def test_french_errors(kwargs, error, words):
    with pytest.raises(error) as info:
        Adagrad(**kwargs)
    assert words in str(info.value)


def test_run_names_adagrad_in_its_error(least_squares):
    with pytest.raises(TypeError, match="Adagrad"):
        run("Adagrad", least_squares, (0.0, 0.0), 5)
