"""Les réponses repliées du chapitre 4 (et les nombres de la boule pesante), recalculées.

Les questions sur l'explorateur et la carte sont rejouées depuis Python : curseurs réglés sur
leurs crans, clics sur la carte envoyés à son canevas (Agg), comme les ferait l'étudiant.
"""

import math

import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent

from course_utils import (
    LeastSquares,
    gradient_descent,
    heavy_ball,
    linear_example,
    sgd,
    sgd_momentum,
)
from course_utils.analysis import (
    contraction_factor,
    heavy_ball_optimum,
    heavy_ball_rate,
    iterations_to_divide,
)
from course_utils.widgets import ConvergenceMap, Explorer
from test_answers_02 import folded_answers
from test_lecture_numbers import french, notch, rounds_to, says, stated, written

X, Y = linear_example()
F = LeastSquares(X, Y)
W_STAR = F.minimizer()
START = (-7.0, 7.0)


def test_every_question_has_a_folded_answer():
    assert folded_answers("04") == [3, 3, 3, 2]


# == l'explorateur du momentum ==================================================================
def test_momentum_question_1_alpha_sweep_for_three_seeds():
    assert np.array_equal(sgd_momentum(F, START, 0.1, 0.0, 50, seed=0),
                          sgd(F, START, 0.1, 50, seed=0))
    e = Explorer(F, method="momentum", eta=0.1, alpha=0.7, T=50, region=(-9, 9, -9, 9),
                 resolution=21)
    alphas = [round(0.1 * k, 1) for k in range(10)]
    final = {}
    for seed in (0, 1, 2):
        e.controls["seed"].value = seed
        final[seed] = []
        for a in alphas:
            e.controls["alpha"].value = a
            final[seed].append(float(F.value(e.trajectory[-1])))
    up_to = stated("04", r"baisse à chaque cran jusqu'à α = {N}\.")
    k = alphas.index(up_to)
    for seed in (0, 1, 2):
        assert np.all(np.diff(final[seed][: k + 1]) < 0)
    assert any(final[s][k + 1] > final[s][k] for s in (0, 1, 2))  # pas au cran suivant
    best0, f0, best12, f1, f2 = written(
        "04", r"{N} pour la graine 0 \(\$F\(\\mathbf\{z\}_\{50\}\) \\approx {N}\$\), {N} pour les "
              r"graines 1 et 2 \(\$\\approx {N}\$ et \${N}\$\)")
    best = {s: alphas[int(np.argmin(final[s]))] for s in (0, 1, 2)}
    assert best == {0: french(best0), 1: french(best12), 2: french(best12)}
    assert rounds_to(min(final[0]), f0) and rounds_to(min(final[1]), f1)
    assert rounds_to(min(final[2]), f2)
    at_09 = written("04", r"remonte à \${N}\$, \${N}\$ et \${N}\$, bien pire qu'à α = 0,5")
    for seed, shown in zip((0, 1, 2), at_09, strict=True):
        assert rounds_to(final[seed][9], shown) and final[seed][9] > final[seed][5]


def test_momentum_question_2_alpha_0_95():
    Z = sgd_momentum(F, START, 0.1, 0.95, 200, seed=0)
    d = np.linalg.norm(Z - W_STAR, axis=-1)
    assert says("04", "jusqu'à près de 30 de distance")
    assert 28 < d.max() < 30
    F_50, F_0 = written("04", r"à \$T = 50\$, \$F\(\\mathbf\{z\}_T\) \\approx {N}\$ est plus "
                              r"grand qu'au départ \(\${N}\$\)")
    F_t = F.value(Z)
    assert rounds_to(F_t[50], F_50) and rounds_to(F_t[0], F_0)
    far, near = written("04", r"elle est à \${N}\$ de \$\\mathbf\{w\}\^\*\$ \(contre \${N}\$ "
                              r"avec α = 0,7\)")
    assert rounds_to(d[200], far)
    assert rounds_to(np.linalg.norm(sgd_momentum(F, START, 0.1, 0.7, 200, seed=0)[-1] - W_STAR),
                     near)
    peaks = [t for t in range(150, 200) if F_t[t - 1] < F_t[t] > F_t[t + 1]]
    assert peaks  # « la courbe a encore des bosses »


def test_momentum_question_3_every_seed():
    assert says("04", "pour chacune des 100 graines du curseur, le momentum (α = 0,7) finit plus "
                      "près")
    for seed in range(100):
        mom = sgd_momentum(F, START, 0.1, 0.7, 50, seed=seed)[-1]
        plain = sgd(F, START, 0.1, 50, seed=seed)[-1]
        assert np.linalg.norm(mom - W_STAR) < np.linalg.norm(plain - W_STAR)


# == trois méthodes =============================================================================
@pytest.fixture(scope="module")
def three():
    return Explorer(F, method="momentum", compare=["gd", "sgd", "momentum"], eta=0.1,
                    alpha=0.7, T=50, region=(-9, 9, -9, 9), resolution=21)


def final_values(e):
    return {m: float(F.value(Z[-1])) for m, Z in e.trajectories.items()}


def test_three_methods_question_1(three):
    three.controls["eta"].value = 0.1
    gd, mom, sg = written("04", r"La descente de gradient arrive en tête "
                                r"\(\$F\(\\mathbf\{z\}_\{50\}\) \\approx {N}\$\), puis le momentum "
                                r"\(\$\\approx {N}\$\), loin devant la SGD \(\$\\approx {N}\$\)")
    got = final_values(three)
    assert rounds_to(got["gd"], gd) and rounds_to(got["momentum"], mom)
    assert rounds_to(got["sgd"], sg)
    assert stated("04", r"la descente de gradient a calculé {N} gradients partiels") == 3 * 50


def test_three_methods_question_2(three):
    three.controls["eta"].value = notch(three, 0.4)
    gd, sg, mom = written("04", r"La descente de gradient touche le minimum "
                                r"\(\$F\(\\mathbf\{z\}_\{50\}\) \\approx {N}\$, la valeur de "
                                r"\$F\(\\mathbf\{w\}\^\*\)\$\), puis viennent la SGD "
                                r"\(\$\\approx {N}\$\) et le momentum \(\$\\approx {N}\$\)")
    got = final_values(three)
    assert rounds_to(got["gd"], gd) and rounds_to(F.value(W_STAR), gd)
    assert rounds_to(got["sgd"], sg) and rounds_to(got["momentum"], mom)
    three.controls["eta"].value = 0.1
    before = final_values(three)
    three.controls["eta"].value = notch(three, 0.4)
    ratio = stated("04", r"son \$F\(\\mathbf\{z\}_\{50\}\)\$ est divisé par environ {N}\.")
    gains = {m: before[m] / got[m] for m in ("sgd", "momentum")}
    assert max(gains, key=gains.get) == "sgd" and round(gains["sgd"], -1) == ratio
    first, peak = written("04", r"\$F\$ monte à \$\\approx {N}\$ dès la première itération .*? "
                                r"et même à \$\\approx {N}\$ à l'itération 3")
    F_sgd, F_mom, F_gd = (F.value(three.trajectories[m]) for m in ("sgd", "momentum", "gd"))
    assert rounds_to(F_sgd[1], first) and int(np.argmax(F_sgd)) == 1
    assert rounds_to(F_mom[3], peak) and int(np.argmax(F_mom)) == 3
    assert np.all(np.diff(F_gd) <= 0)


def test_three_methods_question_3(three):
    three.controls["eta"].value = 0.1
    three.controls["T"].value = 200
    dist = {m: np.linalg.norm(Z[-1] - W_STAR) for m, Z in three.trajectories.items()}
    assert dist["gd"] < 1e-5 and says("04", "La descente de gradient finit le plus près (à moins "
                                            "de $10^{-5}$)")
    step = written("04", r"son pas vaut \$0,1/\\sqrt\{200\} \\approx {N}\$")
    assert rounds_to(0.1 / math.sqrt(200), step)
    grads = np.array([F.grad_i(W_STAR, i) for i in range(F.n)])
    assert np.allclose(F.grad(W_STAR), 0) and np.all(np.linalg.norm(grads, axis=1) > 0.1)
    three.controls["T"].value = 50


# == la boule pesante ===========================================================================
def test_analysis_numbers():
    eta_star, alpha_star, rate_star = heavy_ball_optimum(F.L, F.mu)
    four_L, two_L = written("04", r"jusqu'à presque \$4/L \\approx {N}\$ quand \$\\alpha\$ "
                                  r"s'approche de 1 \(au lieu de \$2/L \\approx {N}\$\)")
    assert rounds_to(4 / F.L, four_L) and rounds_to(2 / F.L, two_L)
    e, a, r, gd = written("04", r"\$\\eta\^\* \\approx {N}\$, \$\\alpha\^\* \\approx {N}\$ et "
                                r"\$\\rho\^\* \\approx {N}\$, contre un facteur \${N}\$")
    assert rounds_to(eta_star, e) and rounds_to(alpha_star, a) and rounds_to(rate_star, r)
    assert rounds_to(contraction_factor(F.condition_number), gd)
    kappa = F.condition_number
    assert rate_star == pytest.approx((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1))
    # la boule pesante avec α = 0 est la descente de gradient
    np.testing.assert_array_equal(heavy_ball(F, START, 0.4, 0.0, 20),
                                  gradient_descent(F, START, 0.4, 20))


def test_promised_and_measured_iterations():
    eta_star, alpha_star, rate_star = heavy_ball_optimum(F.L, F.mu)
    gd_10, gd_1000 = stated("04", r"la promesse est tenue : {N} et {N} itérations")
    hb_10, hb_1000, p_10, p_1000 = stated("04", r"{N} et {N} itérations au lieu de {N} et {N}\.")
    d0 = np.linalg.norm(np.subtract(START, W_STAR))

    def measured(Z, k):
        return int(np.argmax(np.linalg.norm(Z - W_STAR, axis=-1) < d0 / k))

    Z_gd = gradient_descent(F, START, F.optimal_step, 40)
    Z_hb = heavy_ball(F, START, eta_star, alpha_star, 40)
    q = contraction_factor(F.condition_number)
    assert (measured(Z_gd, 10), measured(Z_gd, 1000)) == (gd_10, gd_1000)
    assert (iterations_to_divide(q, 10), iterations_to_divide(q, 1000)) == (gd_10, gd_1000)
    assert (measured(Z_hb, 10), measured(Z_hb, 1000)) == (hb_10, hb_1000)
    assert (iterations_to_divide(rate_star, 10), iterations_to_divide(rate_star, 1000)) == (
        p_10, p_1000)
    # la racine double au meilleur réglage : r² − (1 + α* − η*λ) r + α* a un discriminant nul
    # pour λ = µ et λ = L
    for lam in (F.mu, F.L):
        b = 1 + alpha_star - eta_star * lam
        assert b * b - 4 * alpha_star == pytest.approx(0, abs=1e-12)


def click(m, eta, alpha):
    m.figure.canvas.draw()
    x, y = m.map_axes.transData.transform((eta, alpha))
    m.figure.canvas.callbacks.process(
        "button_press_event", MouseEvent("button_press_event", m.figure.canvas, x, y, button=1))


@pytest.fixture
def linked():
    e = Explorer(F, method="heavy_ball", eta=0.1, alpha=0.5, T=30, region=(-9, 9, -9, 9),
                 resolution=21)
    return e, ConvergenceMap(F, explorer=e)


def test_map_question_1_star_then_diamond(linked):
    e, m = linked
    click(m, *m.optimum[:2])
    eta, alpha, rate = written("04", r"L'étoile donne \$\\eta = {N}\$ et \$\\alpha = {N}\$ ; la "
                                     r"ligne sous la carte indique \$\\rho \\approx {N}\$")
    assert rounds_to(e.controls["eta"].value, eta) and e.controls["alpha"].value == french(alpha)
    assert rounds_to(m.rate, rate) and f"ρ = {rate}" in m.status
    e.controls["T"].value = 10
    hb = written("04", r"Après 10 itérations, la boule pesante est à \${N}\$ de")
    d_hb = np.linalg.norm(e.trajectory[-1] - W_STAR)
    assert rounds_to(d_hb, hb) and f"distance à w* = {hb}" in e.status
    click(m, 2 / (F.L + F.mu), 0.0)
    eta, alpha, gd, ratio = written("04", r"Le losange donne \$\\eta = {N}\$ et \$\\alpha = {N}\$ "
                                          r": la descente de gradient n'est qu'à \${N}\$, {N} fois")
    assert rounds_to(e.controls["eta"].value, eta) and e.controls["alpha"].value == 0.0
    d_gd = np.linalg.norm(e.trajectory[-1] - W_STAR)
    assert rounds_to(d_gd, gd) and round(d_gd / d_hb) == french(ratio)


def test_map_question_2_more_momentum_spirals(linked):
    e, m = linked
    click(m, *m.optimum[:2])
    e.controls["alpha"].value = 0.8
    rate = written("04", r"\$\\rho \\approx {N}\$, c'est-à-dire \$\\sqrt\{0,8\}\$")
    assert rounds_to(m.rate, rate) and m.rate == pytest.approx(math.sqrt(0.8))
    for lam in (F.mu, F.L):  # racines complexes dans les deux directions
        b = 1 + 0.8 - e.controls["eta"].value * lam
        assert b * b < 4 * 0.8
    F_t = F.value(e.trajectory)
    assert np.any(np.diff(F_t) > 0)  # la courbe d'apprentissage ondule


def test_map_question_3_momentum_allows_larger_steps(linked):
    e, m = linked
    shown = written("04", r"« pas η » au cran {N} :")
    e.controls["alpha"].value = 0.0
    e.controls["eta"].value = notch(e, french(shown))
    assert rounds_to(e.controls["eta"].value, shown)
    assert e.controls["eta"].value > F.stability_threshold and m.rate > 1
    assert "diverge" in e.status or "F a augmenté" in e.status
    boundary, first, rate = written("04", r"\$\\alpha > \\eta L/2 - 1 \\approx {N}\$ : au cran "
                                          r"\$\\alpha = {N}\$ \(\$\\rho \\approx {N}\$")
    eta = e.controls["eta"].value
    assert rounds_to(eta * F.L / 2 - 1, boundary)
    alphas = np.round(np.arange(0, 1, 0.01), 2)
    converging = [a for a in alphas if heavy_ball_rate(eta, a, (F.mu, F.L)) < 1]
    assert converging[0] == french(first)
    e.controls["alpha"].value = converging[0]
    assert rounds_to(m.rate, rate) and not m.alarm


def test_gain_questions():
    gd, hb, q_gd, q_hb = _gain_numbers()
    q_gd_100, q_hb_100 = contraction_factor(100), contraction_factor(10)
    assert iterations_to_divide(q_gd_100, 10) == french(gd)
    assert iterations_to_divide(q_hb_100, 10) == french(hb)
    assert rounds_to(q_gd_100, q_gd) and rounds_to(q_hb_100, q_hb)
    ours_gd, ours_hb = stated("04", r"Pour nos données : {N} contre {N} \(promis\)")
    assert iterations_to_divide(contraction_factor(F.condition_number), 10) == ours_gd
    assert iterations_to_divide(heavy_ball_optimum(F.L, F.mu)[2], 10) == ours_hb
    # le long de α = 0, le meilleur facteur est celui du meilleur pas constant (chapitre 2)
    best, at = written("04", r"le meilleur facteur est \${N}\$, au losange "
                             r"\$\\eta = 2/\(L\+\\mu\) \\approx {N}\$")
    etas = F.optimal_step * np.arange(1, 200) / 100  # une grille qui passe par 2/(L + µ)
    row = heavy_ball_rate(etas, 0.0, (F.mu, F.L))
    assert int(np.argmin(row)) == 99
    assert rounds_to(row.min(), best) and rounds_to(F.optimal_step, at)
    assert rounds_to(contraction_factor(F.condition_number), best)
    m = ConvergenceMap(F)  # sur la carte : la ligne du bas ne descend pas plus bas
    assert m.alphas[0] == 0.0 and row.min() <= m.rates[0].min() < row.min() + 0.01
    assert m.rates.min() < row.min() - 0.2


def _gain_numbers():
    first = written("04", r"Pour \$\\kappa = 100\$ : {N} itérations pour la descente de gradient "
                          r"\(facteur \${N}\$\)")
    second = written("04", r"{N} pour la boule pesante \(facteur \${N}\$\)")
    return first[0], second[0], first[1], second[1]
