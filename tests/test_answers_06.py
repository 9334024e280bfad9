"""Les réponses repliées des « À vous de jouer » du chapitre 06, recalculées.

Chaque test lit la réponse dans le jumeau .py du chapitre (tests/folded_answers.py) et refait
ce que l'étudiant fait : l'explorateur est piloté depuis Python avec les réglages de la cellule
du chapitre ; la question sur AdamW est refaite avec torch.optim."""

import numpy as np
import pytest

from course_utils import Adagrad, LeastSquares, RMSprop, TanhNetwork, linear_example, run
from course_utils.analysis import heavy_ball_rate, nesterov_rate
from course_utils.widgets import Explorer
from folded_answers import answer, answers, numbers_in, written_in
from test_lecture_numbers import rounds_to, set_eta, tanh_minimum

X, Y = linear_example()
F_LS = LeastSquares(X, Y)
F_TANH = TanhNetwork(X, Y)
W_STAR = F_LS.minimizer()


def test_every_question_has_its_answer():
    """Trois cellules « À vous de jouer » : Nesterov (2 questions), la famille (2), RMSprop et
    Adam dans l'explorateur (4)."""
    assert [len(cell) for cell in answers("06")] == [2, 2, 4]
    for cell in answers("06"):
        for question, reply in cell:
            assert len(reply) > 100, question


# == Nesterov ==================================================================================
@pytest.fixture
def momentum_explorer():
    return Explorer(F_LS, method="nesterov", compare=["heavy_ball", "nesterov"], eta=0.1,
                    alpha=0.8, T=60, resolution=21)


def distance(e, method):
    return float(np.linalg.norm(e.trajectories[method][-1] - W_STAR))


def test_nesterov_q1_a_stronger_push(momentum_explorer):
    e = momentum_explorer
    text = answer("06", 1, 1)
    shown = written_in(text, r"il est à \${N}\$ de \$\\mathbf\{w\}\^\*\$, la boule pesante à "
                             r"\${N}\$ \(à \$\\alpha = 0,8\$ : \${N}\$ contre \${N}\$\)")
    lines = {}
    for alpha in (0.95, 0.8):
        e.controls["alpha"].value = alpha
        lines[alpha] = e.status.splitlines()[1:]
        d_hb, d_n = distance(e, "heavy_ball"), distance(e, "nesterov")
        assert d_n < d_hb / 9
    # ce que la ligne sous la figure écrit, dans l'ordre : Nesterov, boule pesante à 0,95, puis
    # à 0,8
    order = ((0.95, 1, shown[0]), (0.95, 0, shown[1]), (0.8, 1, shown[2]), (0.8, 0, shown[3]))
    for alpha, k, value in order:
        assert lines[alpha][k].endswith(f"distance à w* = {value}.")


def test_nesterov_q2_a_larger_step_and_the_two_thresholds(momentum_explorer):
    e = momentum_explorer
    text = answer("06", 1, 2)
    eta = set_eta(e, 0.4)
    assert rounds_to(eta, "0,3981")
    Z = e.trajectories["nesterov"]
    mantissa, power = numbers_in(text, r"F\(\\mathbf\{z\}_T\) \\approx {N} \\times 10\^\{{N}\}\$")
    value = F_LS.value(Z[-1])
    assert rounds_to(value / 10**power, f"{mantissa}".replace(".", ","))
    assert "⚠ Nesterov" in e.status and "F a augmenté" in e.status
    assert rounds_to(distance(e, "heavy_ball"),
                     written_in(text, r"la boule pesante converge \(à \${N}\$"))
    hb, nest = numbers_in(text, r"soit ici \$\\eta < {N}\$ ; Nesterov seulement tant que .*?"
                                r"soit \$\\eta < {N}\$")
    L, mu, alpha = F_LS.L, F_LS.mu, 0.8
    assert round((2 + 2 * alpha) / L, 3) == hb
    assert round((2 + 2 * alpha) / (1 + 2 * alpha) / L, 3) == nest
    # les deux seuils sont ceux des vitesses de convergence (rayon spectral = 1)
    for rate, threshold in ((heavy_ball_rate, hb), (nesterov_rate, nest)):
        below, above = rate([threshold - 0.002, threshold + 0.002], [alpha], [mu, L])[0]
        assert below < 1 < above
    assert nest < eta < hb


# == la famille ================================================================================
def test_family_q1_adagrad_with_the_lr_of_rmsprop():
    text = answer("06", 2, 1)
    Z = run(Adagrad(lr=0.1), F_LS, (-7.0, 7.0), 150)
    end = numbers_in(text, r"il finit en \$\({N} ; {N}\)\$")
    np.testing.assert_array_equal(np.round(Z[-1], 2), end)
    assert rounds_to(F_LS.value(Z[-1]), written_in(text, r"\$F\(\\mathbf\{z\}_T\) = {N}\$"))
    np.testing.assert_array_equal(
        np.round(W_STAR, 2), numbers_in(text, r"\\mathbf\{w\}\^\* \\approx \({N} ; {N}\)\$"))
    t = np.arange(1, 151)
    bound = 0.1 * np.sum(1 / np.sqrt(t))
    assert rounds_to(bound, written_in(text, r"1/\\sqrt\{t\} \\approx {N}\$"))
    moved = np.abs(np.diff(Z, axis=0))
    travelled = written_in(text, r"il a parcouru \${N}\$ et \${N}\$")
    needed = written_in(text, r"il faudrait \${N}\$ et \${N}\$")
    for k in range(2):
        assert rounds_to(moved[:, k].sum(), travelled[k])
        assert rounds_to(abs(W_STAR[k] - (-7.0, 7.0)[k]), needed[k])
    # « son déplacement de l'étape t vaut presque lr/√t »
    ratio = moved / (0.1 / np.sqrt(t))[:, None]
    assert np.all((ratio > 0.85) & (ratio <= 1.0 + 1e-9))
    Z_rms = run(RMSprop(lr=0.1), F_LS, (-7.0, 7.0), 150)
    gap = F_LS.value(Z_rms[-1]) - F_LS.value(W_STAR)
    assert round(gap, 6) == 2e-6 and "à $2 \\times 10^{-6}$ près" in text


def test_family_q2_adam_and_adamw_weight_decay():
    torch = pytest.importorskip("torch")
    text = answer("06", 2, 2)

    def moved_by_decay(optimizer):
        """Ce que la décroissance des poids change en 10 étapes, pour les deux poids (gradient
        10 et gradient 0), avec lr = 0,01 et weight_decay = 0,1."""
        ends = []
        for decay in (0.0, 0.1):
            p = torch.tensor([1.0, 1.0], dtype=torch.float64, requires_grad=True)
            opt = optimizer([p], lr=0.01, weight_decay=decay)
            for _ in range(10):
                opt.zero_grad()
                (10 * p[0]).backward()  # gradient (10 ; 0)
                opt.step()
            ends.append(p.detach().numpy())
        return ends[0] - ends[1]  # > 0 : le poids a reculé

    adam = moved_by_decay(torch.optim.Adam)
    assert rounds_to(adam[1], written_in(text, r"par étape, soit \${N}\$ en 10 étapes"))
    assert round(abs(adam[0]) * 1e6) == numbers_in(text, r"que de \${N} \\times 10\^\{-6\}\$")
    assert adam[1] > 1000 * abs(adam[0])
    adamw = moved_by_decay(torch.optim.AdamW)
    shown = written_in(text, r"les deux reculent d'environ \${N}\$")
    assert all(rounds_to(v, shown) for v in adamw)
    assert all(v == pytest.approx(1 - (1 - 0.01 * 0.1) ** 10, rel=0.05) for v in adamw)


# == l'explorateur RMSprop et Adam =============================================================
@pytest.fixture
def adam_explorer():
    return Explorer(F_TANH, method="adam", compare=["gd", "rmsprop", "adam"], eta=0.1, T=150,
                    w0=(-2.0, 4.0), T_max=300, resolution=21)


F_STAR = F_TANH.value(tanh_minimum())


def F_end(e, m):
    return F_TANH.value(e.trajectories[m][-1])


def test_explorer_q1_eta_1_from_the_plateau(adam_explorer):
    e = adam_explorer
    text = answer("06", 3, 1)
    assert rounds_to(F_end(e, "gd"), written_in(text, r"contre \${N}\$ à \$\\eta = 0,1\$"))
    assert set_eta(e, 1.0) == pytest.approx(1.0)
    reached = written_in(text, r"atteint le minimum \(\$F\(\\mathbf\{z\}_T\) = {N}\$")
    assert rounds_to(F_end(e, "gd"), reached)
    assert F_end(e, "gd") - F_STAR < 1e-3
    ends = numbers_in(text, r"\\approx \({N} ; {N}\)\$ pour RMSprop, \$\({N} ; {N}\)\$")
    np.testing.assert_array_equal(np.round(e.trajectories["rmsprop"][-1], 2), ends[:2])
    np.testing.assert_array_equal(np.round(e.trajectories["adam"][-1], 2), ends[2:])
    assert ends[0] > 6 and ends[2] > 6  # hors de la figure [−6, 6]²
    values = written_in(text, r"\$F\(\\mathbf\{z\}_T\) = {N}\$ et \${N}\$\)")
    assert rounds_to(F_end(e, "rmsprop"), values[0]) and rounds_to(F_end(e, "adam"), values[1])


def test_explorer_q2_from_3_2(adam_explorer):
    e = adam_explorer
    text = answer("06", 3, 2)
    e.controls["w1"].value, e.controls["w2"].value = 3.0, 2.0
    assert F_end(e, "rmsprop") - F_STAR < 1e-6
    assert rounds_to(F_end(e, "rmsprop"), written_in(text, r"\(\$F\(\\mathbf\{z\}_T\) = {N}\$\)"))
    assert rounds_to(F_end(e, "gd"), written_in(text, r"descente de gradient \(\${N}\$\)"))
    assert rounds_to(F_end(e, "adam"), written_in(text, r"Adam \(\${N}\$\)"))
    for m in ("gd", "adam"):
        assert e.trajectories[m][-1][0] > 2 and abs(e.trajectories[m][-1][1] + 1.4) < 0.1


def test_explorer_q3_adam_leaves_the_valley_later(adam_explorer):
    e = adam_explorer
    text = answer("06", 3, 3)
    e.controls["w1"].value, e.controls["w2"].value = 3.0, 2.0
    e.controls["T"].value = 300
    Z = e.trajectories["adam"]
    step = numbers_in(text, r"vers l'étape {N}")
    assert int(np.argmax(Z[:, 0] < 2)) == step  # w₁ repasse sous 2 : hors de la vallée
    at_300 = written_in(text, r"\(\$F\(\\mathbf\{z\}_T\) = {N}\$ à \$T = 300\$\)")
    assert rounds_to(F_end(e, "adam"), at_300)
    assert F_end(e, "adam") - F_STAR < 0.01
    low, high = written_in(text, r"\(entre \${N}\$ et \${N}\$\)")
    flat = F_TANH.value(Z[100:151])
    assert rounds_to(flat.min(), low) and rounds_to(flat.max(), high)


def test_explorer_q4_least_squares(adam_explorer):
    text = answer("06", 3, 4)
    ls = Explorer(F_LS, method="adam", compare=["gd", "adam"], eta=0.1, T=150, resolution=21)

    def reached(m):
        d = np.linalg.norm(ls.trajectories[m] - W_STAR, axis=-1)
        return int(np.argmax(d < 0.01)) if np.any(d < 0.01) else None

    assert reached("adam") is None
    assert rounds_to(np.linalg.norm(ls.trajectories["adam"][-1] - W_STAR),
                     written_in(text, r"il est encore à \${N}\$ de"))
    at_03, at_05 = numbers_in(text, r"à l'étape {N} avec \$0,302\$, à l'étape {N} avec")
    set_eta(ls, 0.3)
    assert reached("adam") == at_03
    assert reached("gd") == numbers_in(text, r"dès l'étape {N}\)")
    set_eta(ls, 0.5)
    assert reached("adam") == at_05
    assert rounds_to(F_LS.stability_threshold, written_in(text, r"\$2/L = {N}\$"))
    value = F_LS.value(ls.trajectories["gd"][-1])
    mantissa = written_in(text, r"\(\$F\(\\mathbf\{z\}_T\) = {N} \\times 10\^4\$\)")
    assert rounds_to(value / 1e4, mantissa) and "F a augmenté" in ls.status
