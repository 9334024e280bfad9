"""Les réponses repliées du chapitre 2 (et les nombres de ses nouvelles sections), recalculées.

Chaque test lit le nombre dans le texte du chapitre (les cellules Markdown du jumeau .py, comme
tests/test_lecture_numbers.py) et le recalcule avec ``course_utils``, en réglant les widgets
depuis Python comme l'étudiant le ferait avec les curseurs.
"""

import math
import re
from pathlib import Path

import jupytext
import numpy as np
import pytest

from course_utils import LeastSquares, Quadratic, gradient_descent, linear_example
from course_utils.analysis import contraction_factor, iterations_to_divide
from course_utils.datasets import standardize
from course_utils.widgets import Explorer, Explorer1D, FamilyExplorer
from test_lecture_numbers import eta_notches, french, notch, rounds_to, says, stated
from test_lecture_numbers import written

X, Y = linear_example()
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def folded_answers(chapter):
    """Le nombre de questions de chaque bloc « À vous de jouer » du chapitre, après avoir
    vérifié que chacune est suivie de sa réponse repliée (``<details>``)."""
    (path,) = NOTEBOOKS.glob(f"{chapter}_*.py")
    counts = []
    for cell in jupytext.read(path).cells:
        if cell.cell_type != "markdown" or "### À vous de jouer" not in cell.source:
            continue
        items = re.split(r"^\d+\. ", cell.source, flags=re.M)[1:]
        assert items, cell.source[:200]
        for item in items:
            assert item.count("<details><summary>Réponse</summary>") == 1, item[:200]
            assert item.rstrip().endswith("</details>"), item[-200:]
        counts.append(len(items))
    return counts
F = LeastSquares(X, Y)
W_STAR = F.minimizer()
START = (-7.0, 7.0)


def test_every_question_has_a_folded_answer():
    """Chaque question numérotée d'un bloc « À vous de jouer » est suivie de sa réponse
    repliée, avant la question suivante."""
    assert folded_answers("02") == [3, 4, 3, 2]


# == en une dimension ===========================================================================
def test_1d_question_1_one_step_zigzag_bounce_divergence():
    e = Explorer1D(a=1.0, eta=0.3, T=15, w0=2.0)
    e.controls["eta"].value = 1.0
    assert e.trajectory[1] == 0.0
    e.controls["eta"].value = 1.01
    assert np.all(np.sign(e.trajectory[1:]) != np.sign(e.trajectory[:-1]))
    e.controls["eta"].value = 0.99
    assert np.all(e.trajectory > 0)
    e.controls["eta"].value = 2.0
    np.testing.assert_allclose(np.abs(e.trajectory), 2.0)
    e.controls["eta"].value = 2.2
    factor = written("02", r"à \$\\eta = 2,2\$, il est multiplié par \${N}\$")
    w15 = written("02", r"\$z_\{15\} \\approx {N}\$")
    assert rounds_to(abs(e.factor), factor)
    assert rounds_to(e.trajectory[15], w15)
    assert "diverge" in e.status


def test_1d_question_2_curvature_four():
    e = Explorer1D(a=1.0, eta=0.3, T=50, w0=2.0)
    e.controls["a"].value = 4.0
    largest, factor = stated("02", r"le plus grand cran qui converge est \$\\eta = {N}\$ "
                                   r"\(facteur \${N}\$")
    e.controls["eta"].value = largest
    assert e.factor == pytest.approx(factor) and abs(e.trajectory[-1]) < abs(e.trajectory[0])
    e.controls["eta"].value = round(largest + 0.01, 2)
    np.testing.assert_allclose(np.abs(e.trajectory), 2.0)  # 0,5 : rebondit
    e.controls["eta"].value = round(largest + 0.02, 2)
    assert "diverge" in e.status
    fastest = stated("02", r"Le pas le plus rapide est \$\\eta = 1/a = {N}\$")
    e.controls["eta"].value = fastest
    assert e.trajectory[1] == 0.0


def test_1d_question_3_same_speed_for_0_1_and_1_9():
    e = Explorer1D(a=1.0, eta=0.1, T=50, w0=2.0)
    slow = np.abs(e.trajectory)
    e.controls["eta"].value = 1.9
    np.testing.assert_allclose(np.abs(e.trajectory), slow, rtol=1e-12)
    n = stated("02", r"dans les deux cas \({N} itérations pour diviser")
    assert iterations_to_divide(0.9, 10) == n == 22
    assert f"{int(n)} itérations pour diviser |z_t| par 10" in e.status


# == en deux dimensions =========================================================================
def test_2d_bowl_numbers():
    mu, L = stated("02", r"Ci-dessous, \$\\mu \\approx {N}\$ et \$L \\approx {N}\$")
    assert round(F.mu, 2) == mu and round(F.L, 2) == L
    slow, zigzag = written("02", r"les facteurs valent environ \${N}\$ le long de \$w_1\$ "
                                 r"\(\$1 - \\eta\\mu\$\) et \${N}\$ le long de \$w_2\$")
    assert rounds_to(1 - 0.4 * F.mu, slow) and rounds_to(1 - 0.4 * F.L, zigzag)
    bowl = Quadratic.from_condition_number(F.condition_number, L=F.L)
    np.testing.assert_allclose(np.linalg.eigvalsh(bowl.H), (F.mu, F.L))
    np.testing.assert_allclose(np.diag(bowl.H), (F.mu, F.L))  # la cuvette droite


# == l'explorateur ==============================================================================
@pytest.fixture(scope="module")
def explorer():
    return Explorer(F, method="gd", resolution=21)


def test_explorer_question_1_best_notch(explorer):
    values = eta_notches(explorer)
    distances = np.array([np.linalg.norm(gradient_descent(F, START, v, 20)[-1] - W_STAR)
                          for v in values])
    k = int(np.argmin(distances))
    best, dist, left, right, d_left, d_right = written(
        "02", r"Le meilleur cran est \$\\eta \\approx {N}\$, à une distance d'environ \${N}\$ de "
              r"\$\\mathbf\{w\}\^\*\$ \(les crans voisins, \${N}\$ et \${N}\$, donnent \${N}\$ et "
              r"\${N}\$\)")
    assert rounds_to(values[k], best) and rounds_to(distances[k], dist)
    assert rounds_to(values[k - 1], left) and rounds_to(values[k + 1], right)
    assert rounds_to(distances[k - 1], d_left) and rounds_to(distances[k + 1], d_right)
    optimal = written("02", r"C'est tout près de \$2/\(L\+\\mu\) \\approx {N}\$")
    assert rounds_to(F.optimal_step, optimal)


def test_explorer_question_2_crossing_the_threshold(explorer):
    below, F_below = written("02", r"Jusqu'à \${N}\$, la courbe descend à chaque itération, de "
                                   r"plus en plus lentement \(\$F\(\\mathbf\{z\}_\{20\}\) "
                                   r"\\approx {N}\$")
    explorer.controls["T"].value = 20
    explorer.controls["eta"].value = notch(explorer, french(below))
    values = F.value(explorer.trajectory)
    assert np.all(np.diff(values) < 0) and rounds_to(values[-1], F_below)
    above, t_min, F_min, F_20 = written(
        "02", r"Dès \${N}\$, au-delà de \$2/L\$, elle descend puis \*\*remonte\*\* : \$F\$ est "
              r"au plus bas à l'itération {N} \(\$\\approx {N}\$\) et vaut \$\\approx {N}\$")
    explorer.controls["eta"].value = notch(explorer, french(above))
    assert explorer.controls["eta"].value > F.stability_threshold
    values = F.value(explorer.trajectory)
    assert int(np.argmin(values)) == french(t_min)
    assert rounds_to(values.min(), F_min) and rounds_to(values[-1], F_20)
    assert values[-1] < values[0] and "⚠" not in explorer.status  # pas encore d'alerte
    shown, F_T, F_0 = written("02", r"Vers 0,6 \(cran \${N}\$\), la ligne d'état passe au rouge "
                                    r": \$F\(\\mathbf\{z\}_T\) \\approx {N} \\times 10\^7\$ est "
                                    r"plus grand que \$F\(\\mathbf\{z\}_0\) = {N}\$")
    explorer.controls["eta"].value = notch(explorer, 0.6)
    assert rounds_to(explorer.controls["eta"].value, shown)
    values = F.value(explorer.trajectory)
    assert rounds_to(values[-1] / 1e7, F_T) and rounds_to(values[0], F_0)
    assert explorer.alarm and "F a augmenté" in explorer.status


def test_explorer_question_3_iterations_below_0_01(explorer):
    slow, fast = stated("02", r"Il faut {N} itérations au cran \$0,1005\$, contre {N} à")

    def reach(eta, tol=0.01):
        d = np.linalg.norm(gradient_descent(F, START, eta, 300) - W_STAR, axis=-1)
        return int(np.argmax(d < tol))

    assert reach(notch(explorer, 0.1)) == slow and reach(0.4) == fast
    assert slow > 4 * fast  # « plus de quatre fois plus d'itérations »


def test_explorer_question_4_start_on_the_valley_axis(explorer):
    start = np.array([0.0, stated("02", r"par exemple \$\(0 ; {N}\)\$ : l'écart")])
    assert explorer.controls["w2"].min <= start[1] <= explorer.controls["w2"].max
    assert round(start[1] / 0.05, 9) == round(start[1] / 0.05)  # un cran des curseurs (0,05)
    factor, shown = written("02", r"\(facteur \$1 - \\eta\\mu \\approx {N}\$ au cran \${N}\$\)")
    eta = notch(explorer, 0.45)
    assert rounds_to(eta, shown) and rounds_to(1 - eta * F.mu, factor)
    _, U = np.linalg.eigh(F.hessian())  # colonnes : direction de μ, puis de L
    along = (gradient_descent(F, start, eta, 20) - W_STAR) @ U
    assert np.all(np.abs(along[:, 1]) < 2e-3 * np.abs(along[0, 0]))  # presque aucun zigzag
    # d'un départ quelconque, le zigzag est bien visible
    other = (gradient_descent(F, START, eta, 20) - W_STAR) @ U
    assert np.abs(other[:, 1]).max() > 0.2 * np.abs(other[0, 0])


# == le conditionnement =========================================================================
def test_condition_number_and_iterations():
    kappa, factor, ten, thousand = written(
        "02", r"\$\\kappa \\approx {N}\$ et le facteur vaut \${N}\$ : il faut {N} itérations "
              r"pour diviser l'écart par 10, et {N} pour le diviser par 1000")
    q = contraction_factor(F.condition_number)
    assert rounds_to(F.condition_number, kappa) and rounds_to(q, factor)
    assert iterations_to_divide(q, 10) == french(ten) == 6
    assert iterations_to_divide(q, 1000) == french(thousand) == 18


@pytest.fixture(scope="module")
def bowls():
    return FamilyExplorer(Quadratic.from_condition_number, values=(1, 100, 1), value=5,
                          symbol="κ", description="conditionnement κ", T=30, resolution=21)


def test_kappa_question_1_round_bowl(bowls):
    bowls.controls["value"].value = 1.0
    assert np.linalg.norm(bowls.trajectory[1]) < 1e-12
    assert bowls.eta == 1.0 and "en une seule itération" in bowls.status


def test_kappa_question_2_iterations_grow_like_kappa(bowls):
    counts = stated("02", r"{N}, {N}, {N} puis {N} itérations : à peu près")
    per_kappa = written("02", r"\(environ \${N}\\,\\kappa\$ pour")
    for kappa, expected in zip((2, 5, 10, 100), counts, strict=True):
        bowls.controls["value"].value = float(kappa)
        assert f"{int(expected)} itérations pour le diviser par 10" in bowls.status
        assert iterations_to_divide(contraction_factor(kappa), 10) == expected
    assert rounds_to(math.log(10) / 2, per_kappa)


def test_kappa_question_3_both_factors_near_one(bowls):
    bowls.controls["value"].value = 100.0
    eta, steep = written("02", r"\$\\eta = 2/\(1 \+ 0,01\) \\approx {N}\$. Le long de "
                               r"\$w_2\$ \(courbure \$L = 1\$\), le facteur est \$1 - "
                               r"\\eta L \\approx {N}\$")
    flat = written("02", r"le facteur est \$1 - \\eta\\mu \\approx {N}\$ : \$z_\{t,1\}\$")
    percent = written("02", r"et ne rétrécit que de {N} %")
    assert rounds_to(bowls.eta, eta)
    assert rounds_to(1 - bowls.eta * 1.0, steep) and rounds_to(1 - bowls.eta * 0.01, flat)
    assert round(100 * (1 - abs(1 - bowls.eta))) == french(percent)
    w2 = bowls.trajectory[:, 1]
    assert np.all(np.sign(w2[1:]) != np.sign(w2[:-1]))


# == le changement d'unité ======================================================================
def test_change_of_unit():
    s1, s2 = written("02", r"\$s_1 = .*? \\approx {N}\$ et \$s_2 = .*? \\approx {N}\$")
    X_unit, shift, scale = standardize(X, center=False)
    assert np.all(shift == 0)
    assert rounds_to(scale[0], s1) and rounds_to(scale[1], s2)
    G = LeastSquares(X_unit, Y)
    before, after = written("02", r"Le conditionnement passe de \${N}\$ à \${N}\$")
    assert rounds_to(F.condition_number, before) and rounds_to(G.condition_number, after)
    minimum = written("02", r"même minimum \$F\(\\mathbf\{w\}\^\*\) \\approx {N}\$")
    assert rounds_to(G.value(G.minimizer()), minimum) and rounds_to(F.value(W_STAR), minimum)
    np.testing.assert_allclose(X_unit @ G.minimizer(), X @ W_STAR)
    now, then = stated("02", r"il faut {N} itérations au lieu de {N} pour diviser l'écart "
                             r"par 1000")
    assert iterations_to_divide(contraction_factor(G.condition_number), 1000) == now
    assert iterations_to_divide(contraction_factor(F.condition_number), 1000) == then


def test_centering_without_bias():
    old, new, kappa = written("02", r"le minimum de \$F\$ passe de \${N}\$ à \${N}\$, et le "
                                    r"conditionnement ne s'améliore même pas "
                                    r"\(\$\\kappa \\approx {N}\$\)")
    C = LeastSquares(standardize(X)[0], Y)
    assert rounds_to(F.value(W_STAR), old) and rounds_to(C.value(C.minimizer()), new)
    assert rounds_to(C.condition_number, kappa) and C.condition_number > F.condition_number
    assert says("02", "c'est ce que fera le chapitre 7")


def test_unit_question_1_minimizers_and_predictions():
    G = LeastSquares(standardize(X, center=False)[0], Y)
    scale = standardize(X, center=False)[2]
    a, b = written("02", r"\$\\mathbf\{w\}'\^\* \\approx \({N} ; {N}\)\$")
    c, d = written("02", r"et non \$\\mathbf\{w\}\^\* \\approx \({N} ; {N}\)\$")
    assert rounds_to(G.minimizer()[0], a) and rounds_to(G.minimizer()[1], b)
    assert rounds_to(W_STAR[0], c) and rounds_to(W_STAR[1], d)
    np.testing.assert_allclose(G.minimizer(), scale * W_STAR)
    products = written("02", r"\${N} \\times {N} \\approx {N}\$ et \${N} \\times \({N}\) "
                             r"\\approx {N}\$")
    s1, w1, p1, s2, w2, p2 = products
    assert rounds_to(scale[0], s1) and rounds_to(W_STAR[0], w1) and rounds_to(
        scale[0] * W_STAR[0], p1)
    assert rounds_to(scale[1], s2) and rounds_to(W_STAR[1], w2) and rounds_to(
        scale[1] * W_STAR[1], p2)
    predictions = written("02", r"mêmes prédictions \$\\approx \({N} ; {N} ; {N}\)\$")
    for got, shown in zip(X @ W_STAR, predictions, strict=True):
        assert rounds_to(got, shown)


def test_unit_question_2_a_ten_times_smaller_unit():
    kappa, then, now = written("02", r"\$\\kappa\$ passe de \$5,05\$ à environ \${N}\$ .*? il "
                                     r"faudrait {N} itérations au lieu de {N} pour diviser")
    G = LeastSquares(X * [10.0, 1.0], Y)
    assert rounds_to(G.condition_number, kappa)
    assert iterations_to_divide(contraction_factor(G.condition_number), 10) == french(then)
    assert iterations_to_divide(contraction_factor(F.condition_number), 10) == french(now)
