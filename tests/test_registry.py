"""Le registre des méthodes (une déclaration par méthode) et le verdict sur une descente
(divergence, F qui augmente), définis une seule fois dans course_utils.optimizers."""

from dataclasses import replace

import numpy as np
import pytest

from course_utils import Adam, RMSprop, gradient_descent, run, sgd, sgd_momentum
from course_utils.optimizers import (
    METHODS,
    Method,
    Verdict,
    divergence_step,
    register_method,
    went_up,
)
from course_utils.divergence import last_finite
from course_utils.plotting import COLORS, method_color


def test_the_lecture_methods_in_their_order():
    assert list(METHODS) == ["gd", "sgd", "momentum", "rmsprop", "adam", "heavy_ball",
                             "nesterov", "adagrad"]
    assert [m.uses_alpha for m in METHODS.values()] == [False, False, True, False, False, True,
                                                        True, False]
    assert [m.uses_seed for m in METHODS.values()] == [False, True, True, False, False, False,
                                                       False, False]
    assert METHODS["sgd"].label == "SGD (pas η/√t)"
    assert all(name == m.name for name, m in METHODS.items())
    # l'ordre fixe la couleur : la même dans toutes les figures
    assert [method_color(n) for n in METHODS] == [COLORS[k % len(COLORS)]
                                                   for k in range(len(METHODS))]
    # une couleur par méthode, sans doublon (les figures du chapitre 06 en montrent six)
    assert len({method_color(n) for n in METHODS}) == len(METHODS)


def test_each_entry_runs_the_core_function(objective):
    w0, eta, T, alpha, seed = (1.0, -1.0), 0.1, 15, 0.6, 4
    expected = {
        "gd": gradient_descent(objective, w0, eta, T),
        "sgd": sgd(objective, w0, eta, T, seed=seed),
        "momentum": sgd_momentum(objective, w0, eta, alpha, T, seed=seed),
        "rmsprop": run(RMSprop(lr=eta), objective, w0, T),
        "adam": run(Adam(lr=eta), objective, w0, T),
    }
    for name, Z in expected.items():
        np.testing.assert_array_equal(METHODS[name].trajectory(objective, w0, eta, T, alpha,
                                                               seed), Z)


def _toy(objective, w0, eta, T, alpha, seed):
    return gradient_descent(objective, w0, eta / 2, T)


@pytest.fixture
def restore_registry():
    saved = dict(METHODS)
    yield
    METHODS.clear()
    METHODS.update(saved)


def test_register_adds_at_the_end_and_replaces_in_place(restore_registry):
    toy = Method("toy", "méthode jouet", False, False, _toy)
    assert register_method(toy) is toy
    assert list(METHODS)[-1] == "toy" and METHODS["toy"] is toy
    new_gd = replace(METHODS["gd"], label="descente de gradient (bis)")
    register_method(new_gd)
    assert list(METHODS)[0] == "gd" and METHODS["gd"].label.endswith("(bis)")
    assert method_color("gd") == COLORS[0]  # la place, donc la couleur, ne change pas


@pytest.mark.parametrize("fields, error, words", [
    (dict(name="Heavy Ball"), ValueError, "paramètre name .*minuscules.*'Heavy Ball'"),
    (dict(name=""), TypeError, "paramètre name doit être un texte"),
    (dict(name=3), TypeError, "paramètre name .*3"),
    (dict(label=None), TypeError, "paramètre label"),
    (dict(uses_alpha="non"), TypeError, "paramètre uses_alpha doit être True ou False"),
    (dict(uses_seed=1), TypeError, "paramètre uses_seed"),
    (dict(trajectory="gd"), TypeError, r"paramètre trajectory doit être une fonction"),
    (dict(torch_optimizer="SGD"), ValueError, "torch_optimizer et torch_settings vont ensemble"),
    (dict(torch_optimizer="SGD", torch_settings={"lr": 0.1}), TypeError,
     "paramètre torch_settings doit être une fonction"),
    (dict(schedule="linear"), ValueError, "paramètre schedule .*'linear'"),
])
def test_a_bad_method_is_refused_in_french(fields, error, words):
    args = dict(name="toy", label="méthode jouet", uses_alpha=False, uses_seed=False,
                trajectory=_toy) | fields
    with pytest.raises(error, match=words):
        Method(**args)


def test_register_refuses_what_is_not_a_method(restore_registry):
    with pytest.raises(TypeError, match="paramètre method doit être une Method"):
        register_method({"name": "toy"})
    assert "toy" not in METHODS


# -- le verdict sur une descente ----------------------------------------------------------------
def test_divergence_step_and_went_up():
    assert divergence_step([3.0, 2.0, 1.0]) is None
    assert divergence_step([3.0, 1e308 * 10, np.nan]) == 1
    assert divergence_step([np.nan]) == 0
    Z = np.array([[0.0, 0.0], [1.0, np.inf], [np.nan, np.nan]])
    assert divergence_step(Z) == 1  # une étape n'est plus finie dès qu'une composante ne l'est plus
    assert went_up([1.0, 0.5, 2.0]) and not went_up([2.0, 3.0, 1.0])
    assert not went_up([1.0]) and not went_up([1.0, np.nan])
    # le dernier point fini (où la figure pose l'arrivée, ou la croix de la divergence)
    assert last_finite([3.0, 2.0, 1.0]) == 2 and last_finite(Z) == 0
    assert last_finite([1.0, np.nan, np.nan]) == 0 and last_finite([np.nan]) is None


def test_verdict_says_what_happened(least_squares):
    F = least_squares
    fine = Verdict.of(F.value(gradient_descent(F, (-7, 7), 0.4, 20)))
    up = Verdict.of(F.value(gradient_descent(F, (-7, 7), 0.6, 20)))
    Zd = gradient_descent(F, (-7, 7), 50 * F.stability_threshold, 200)
    down = Verdict.of(F.value(Zd))
    assert fine == Verdict(None, False) and not fine.alarming
    assert up == Verdict(None, True) and up.alarming
    assert down.diverged_at == divergence_step(F.value(Zd)) and not down.went_up
    assert down.alarming
    # F(z_t) déborde avant z_t : la divergence de F vient au plus tard avec celle de z
    assert divergence_step(F.value(Zd)) <= divergence_step(Zd)
