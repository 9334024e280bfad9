"""L'explorateur des mini-lots (chapitre 7), sans navigateur."""

import math
import re
import warnings

import numpy as np
import pytest

from course_utils import LeastSquares, linear_example
from course_utils.datasets import diabetes, standardize, train_validation_split, with_bias_column
from course_utils.minibatch import minibatch_sgd
from course_utils.minibatch_widget import MiniBatchExplorer
from course_utils.schedules import SCHEDULES


@pytest.fixture(scope="module")
def problem():
    X, y = diabetes()
    X_tr, X_va, y_tr, y_va = train_validation_split(X, y, validation=0.2, seed=0)
    S, shift, scale = standardize(X_tr)
    return (LeastSquares(with_bias_column(S), y_tr),
            LeastSquares(with_bias_column((X_va - shift) / scale), y_va))


def pixels(e):
    return np.asarray(e.figure.canvas.buffer_rgba()).copy()


def number_in(text, pattern):
    """Le nombre (écrit à la française) qui suit ``pattern`` dans ``text``."""
    m = re.search(pattern + r"\s*([−-]?[\d\u202f]+(?:,\d+)?)", text)
    assert m, (pattern, text)
    return float(m.group(1).replace("\u202f", "").replace("−", "-").replace(",", "."))


def test_the_curves_are_those_of_the_core(problem):
    from course_utils.sliders import FrenchSliders

    F, G = problem
    e = MiniBatchExplorer(F, G, eta=0.01, epochs=10, batch_size=16, seed=3)
    assert isinstance(e.widget.children[-1], FrenchSliders)  # lectures à la française
    Z = minibatch_sgd(F, np.zeros(F.d), 0.01, 10, 16, seed=3)
    np.testing.assert_array_equal(e.trajectory, Z)
    np.testing.assert_array_equal(e.train_losses, F.value(Z))
    np.testing.assert_array_equal(e.validation_losses, G.value(Z))
    per_epoch = math.ceil(F.n / 16)
    np.testing.assert_allclose(e.epochs_axis[::per_epoch], np.arange(11))
    # la ligne d'état dit ce que les tableaux disent, à la française
    s = e.status
    assert f"b = 16 : {per_epoch} itérations par époque" in s
    assert number_in(s, "entraînement") == pytest.approx(F.value(Z[-1]), abs=0.05)
    assert number_in(s, "validation") == pytest.approx(G.value(Z[-1]), abs=0.05)
    best = np.argmin(G.value(Z[::per_epoch]))
    assert f"à l'époque {best}." in s
    assert "." not in re.sub(r"[.](\s|$)", "", s.replace("F(w*)", "")), s  # virgule décimale
    # les grands nombres entiers en toutes lettres, jamais en puissance de dix
    e.controls["epochs"].value = 60
    assert f"soit {60 * per_epoch} en 60 époques" in e.status
    assert "(21\u202f240 gradients d'exemples calculés)" in e.status and "×" not in e.status


def test_the_legend_stays_above_the_curves(problem):
    """La légende (une image faite à chaque dessin complet, recollée après les courbes) reste
    entière quand les courbes passent dessous, et c'est celle d'un dessin complet."""
    F, G = problem
    e = MiniBatchExplorer(F, G, eta=0.01, epochs=60, batch_size=F.n)
    e.controls["eta"].value = 0.2570395782768864  # une descente qui remonte, dans le coin
    assert "a augmenté" in e.status
    box = e._legend.get_window_extent()
    points = e._ax_loss.transData.transform(np.c_[e.epochs_axis, e.train_losses])
    inside = ((points[:, 0] > box.x0) & (points[:, 0] < box.x1) & (points[:, 1] > box.y0)
              & (points[:, 1] < box.y1))
    assert inside.any()  # la courbe passe bien sous la légende
    x0, y0, x1, y1 = (int(v) for v in box.extents)
    height = int(e.figure.bbox.height)

    def legend_pixels():
        return pixels(e)[height - y1 + 2:height - y0 - 2, x0 + 2:x1 - 2]

    blitted = legend_pixels()
    e.figure.canvas.draw()  # un dessin complet : la même légende, au pixel près
    np.testing.assert_array_equal(legend_pixels(), blitted)
    e.controls["seed"].value = 4  # autre ordre, mêmes axes : blitting, même légende
    np.testing.assert_array_equal(legend_pixels(), blitted)


def test_every_control_recomputes(problem):
    F, G = problem
    e = MiniBatchExplorer(F, G)
    c = e.controls
    assert c["batch_size"].options[0] == 1 and c["batch_size"].options[-1] == F.n
    before = pixels(e)
    c["batch_size"].value = 64
    assert e.trajectory.shape == (20 * math.ceil(F.n / 64) + 1, F.d)
    assert not np.array_equal(pixels(e), before)
    c["schedule"].value = "cosine"
    Z = minibatch_sgd(F, np.zeros(F.d), c["eta"].value, 20, 64, seed=0, schedule="cosine")
    np.testing.assert_array_equal(e.trajectory, Z)
    c["seed"].value = 5
    assert not np.array_equal(e.trajectory, Z)
    c["epochs"].value = 3
    assert e.trajectory.shape[0] == 3 * math.ceil(F.n / 64) + 1
    assert set(name for name, _ in [(v, k) for k, v in c["schedule"].options]) == set(SCHEDULES)


def test_divergence_is_said_in_red_without_warnings(problem):
    F, G = problem
    e = MiniBatchExplorer(F, G, batch_size=1, epochs=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e.controls["eta"].value = 10 ** e.controls["eta"].max  # η = 1 : bien trop grand
    assert "⚠ La descente diverge" in e.status and e.alarm
    k = int(re.search(r"l'itération (\d+)", e.status).group(1))
    assert not np.isfinite(e.train_losses[k]) and np.isfinite(e.train_losses[k - 1])
    assert f"itération {k}" in e.alert
    e.controls["eta"].value = 0.001
    assert not e.alarm and e.alert == ""


def test_only_the_curves_are_redrawn_when_the_axes_stay(problem):
    F, G = problem
    e = MiniBatchExplorer(F, G, eta=0.01)
    draws = []
    e.figure.canvas.mpl_connect("draw_event", lambda ev: draws.append(1))
    e.controls["seed"].value = 1  # mêmes bornes : blitting seulement
    e.controls["batch_size"].value = 32
    assert draws == []
    e.controls["epochs"].value = 40  # l'axe des époques change : un dessin complet
    assert draws == [1]


def test_french_errors():
    F = LeastSquares(*linear_example())
    with pytest.raises(TypeError, match="Le paramètre train doit être LeastSquares"):
        MiniBatchExplorer("données", F)
    with pytest.raises(ValueError, match="Le paramètre schedule doit valoir l'un de"):
        MiniBatchExplorer(F, F, schedule="exponentiel")
    assert MiniBatchExplorer(F, F).controls["batch_size"].value == 3
    with pytest.raises(ValueError, match=r"batch_size doit être un entier entre 1 et n = 3 "
                                         r"\(le nombre d'exemples\)"):
        MiniBatchExplorer(F, F, batch_size=10)
    with pytest.raises(ValueError, match=r"Le paramètre w0 doit être de forme \(2,\)"):
        MiniBatchExplorer(F, F, w0=[1.0, 2.0, 3.0])
    G = LeastSquares(np.ones((4, 3)) + np.eye(4, 3), np.ones(4))
    with pytest.raises(ValueError, match="mêmes colonnes"):
        MiniBatchExplorer(F, G)
