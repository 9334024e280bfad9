"""Les réponses repliées du chapitre 3, recalculées.

L'explorateur du chapitre (SGD, η = 1/3, T = 50, départ (−7 ; 7)) est piloté depuis Python
comme l'étudiant le fait avec ses curseurs : graine, « pas η » (logarithmique : on le règle sur
ses crans), « itérations T ». Chaque nombre des réponses est relu dans le texte et comparé à ce
que l'explorateur montre (trajectoire, ligne d'état).
"""

import re

import numpy as np
import pytest

from course_utils import LeastSquares, linear_example, sgd
from course_utils.optimizers import sample_indices
from course_utils.widgets import Explorer
from folded import questions
from test_lecture_numbers import NUMBER, french, notch, rounds_to

X, Y = linear_example()
F = LeastSquares(X, Y)
W_STAR = F.minimizer()
W0 = (-7.0, 7.0)


def found(answer, pattern):
    """Les nombres du motif (``{N}`` : un nombre à la française) dans la réponse."""
    match = re.search(pattern.replace("{N}", f"({NUMBER})"), answer)
    assert match, f"réponse : motif {pattern!r} introuvable dans {answer!r}"
    return match.groups()


def distance_shown(status):
    """La distance à w* que la ligne d'état de l'explorateur écrit."""
    return re.search(f"distance à w\\* = ({NUMBER})", status).group(1)


def f_shown(status):
    """F(z_T) tel que l'écrit la ligne d'état."""
    return re.search(f"F\\(z_T\\) = ({NUMBER})", status).group(1)


@pytest.fixture()
def explorer():
    """L'explorateur de la cellule du chapitre (grille des courbes de niveau plus grossière :
    elle ne change ni les curseurs ni les trajectoires)."""
    return Explorer(F, method="sgd", eta=1 / 3, T=50, region=(-12, 12, -12, 12), resolution=21)


def test_every_question_has_its_answer_right_under_it():
    qa = questions("03")
    assert len(qa) == 4
    assert all(answer for _, answer in qa), [q for q, a in qa if not a]


def test_q1_seeds_0_to_10(explorer):
    answer = questions("03")[0][1]
    distances, shown = [], []
    for seed in range(11):
        explorer.controls["seed"].value = seed
        np.testing.assert_array_equal(explorer.trajectory, sgd(F, W0, 1 / 3, 50, seed=seed))
        distances.append(np.linalg.norm(explorer.trajectory[-1] - W_STAR))
        shown.append(distance_shown(explorer.status))
    ends = {tuple(np.round(sgd(F, W0, 1 / 3, 50, seed=s)[-1], 6)) for s in range(11)}
    assert len(ends) == 11 and min(distances) > 0  # onze arrivées différentes, aucune sur w*
    order = np.argsort(distances)
    closest, d_closest = found(answer, r"La graine {N} finit le plus près \(à \${N}\$")
    farthest, d_farthest = found(answer, r"la graine {N} le plus loin \(à \${N}\$")
    second, d_second = found(answer, r"la graine {N} la suit de près, à \${N}\$")
    assert [int(closest), int(farthest), int(second)] == [order[0], order[-1], order[-2]]
    # les distances écrites sont celles de la ligne d'état, chiffre pour chiffre
    assert [d_closest, d_farthest, d_second] == [shown[order[0]], shown[order[-1]],
                                                  shown[order[-2]]]


def test_q2_iterations_where_F_goes_up(explorer):
    answer = questions("03")[1][1]
    explorer.controls["seed"].value = 0
    Z = explorer.trajectory
    f = F.value(Z)
    idx = sample_indices(F.n, 50, seed=0)
    f0, f1 = found(answer, r"\$F\$ passe de \${N}\$ à \${N}\$ à \$t = 1\$")
    assert rounds_to(f[0], f0) and rounds_to(f[1], f1) and f[1] > f[0]
    ups = [t for t in range(1, 51) if f[t] > f[t - 1]]
    (others,) = found(answer, r"puis à {N} autres itérations, comme \$t = 12\$")
    assert ups[0] == 1 and 12 in ups and len(ups) - 1 == int(others)
    # à t = 12, l'exemple 3 est tiré : F_3 baisse, F monte
    assert idx[11] + 1 == 3 and "à $t = 12$, l'exemple 3 est tiré" in answer
    assert F.value_i(Z[12], 2) < F.value_i(Z[11], 2) and f[12] > f[11]
    # « d'ordinaire » : à toutes les montées sauf la première, F_i de l'exemple tiré baisse
    for t in ups[1:]:
        assert F.value_i(Z[t], idx[t - 1]) < F.value_i(Z[t - 1], idx[t - 1])
    # à t = 1, F_3 monte aussi : z_1 passe de l'autre côté de la droite, plus loin
    assert idx[0] + 1 == 3
    r0, r1 = X[2] @ Z[0] - Y[2], X[2] @ Z[1] - Y[2]
    assert r0 * r1 < 0 and abs(r1) > abs(r0)


def test_q3_small_step_is_doubly_penalized(explorer):
    question, answer = questions("03")[2]
    (cran,) = found(question, r"au plus près de 0,1 \(le cran {N}\)")
    eta = notch(explorer, 0.1)
    assert rounds_to(eta, cran)
    explorer.controls["seed"].value = 0
    explorer.controls["eta"].value = eta
    status_50 = explorer.status
    explorer.controls["T"].value = explorer.controls["T"].max
    assert explorer.controls["T"].max == 200 and explorer.trajectory.shape == (201, 2)
    status_200 = explorer.status
    f50, d50, d_ref = found(answer, r"après 50 itérations, la SGD est encore loin : "
                                    r"\$F\(\\mathbf\{z\}_T\) = {N}\$, à \${N}\$ de "
                                    r"\$\\mathbf\{w\}\^\*\$ \(contre \${N}\$ avec "
                                    r"\$\\eta = 1/3\$\)")
    f200, d200 = found(answer, r"Après 200 itérations, \$F\(\\mathbf\{z\}_T\) = {N}\$, à "
                               r"\${N}\$ de \$\\mathbf\{w\}\^\*\$ : encore plus loin qu'avec")
    assert (f_shown(status_50), distance_shown(status_50)) == (f50, d50)
    assert (f_shown(status_200), distance_shown(status_200)) == (f200, d200)
    ref = np.linalg.norm(sgd(F, W0, 1 / 3, 50, seed=0)[-1] - W_STAR)
    assert rounds_to(ref, d_ref) and french(d200) > ref
    # les 50 premiers points ne dépendent pas de T (mêmes tirages)
    np.testing.assert_array_equal(explorer.trajectory[:51], sgd(F, W0, eta, 50, seed=0))
    # le total des pas : environ 2η√T ; quadrupler T le double à peu près
    steps = np.cumsum(1 / np.sqrt(np.arange(1, 2001)))
    assert steps[199] / steps[49] == pytest.approx(2, rel=0.1)
    assert steps[199] == pytest.approx(2 * np.sqrt(200), rel=0.06)
    T_needed, times = found(answer, r"il faut \$T = {N}\$ itérations : plus de neuf fois 50, "
                                    r"et non \${N}\$ fois, comme le rapport des deux \$\\eta\$")
    first = int(np.argmax(eta * steps >= (1 / 3) * steps[49])) + 1
    assert first == int(T_needed) and 9 * 50 < first < 10 * 50
    assert rounds_to((1 / 3) / eta, times)
    assert first > 2.5 * (1 / 3) / eta * 50  # bien plus que 3,3 × 50


def test_q4_large_step_then_calm(explorer):
    question, answer = questions("03")[3]
    (cran,) = found(question, r"au plus près de 1 \(le cran {N}\)")
    eta = notch(explorer, 1.0)
    assert rounds_to(eta, cran)
    explorer.controls["seed"].value = 0
    explorer.controls["eta"].value = eta
    assert explorer.controls["T"].value == 50
    Z = explorer.trajectory
    f = F.value(Z)
    idx = sample_indices(F.n, 50, seed=0)
    z1, z2, f0, f1 = found(answer, r"envoie \$\\mathbf\{z\}_1\$ en \$\({N} ; {N}\)\$, loin hors "
                                   r"de la figure, et \$F\$ bondit de \${N}\$ à \$(\d+ \d+)\$")
    assert idx[0] + 1 == 3 and "suit l'exemple 3" in answer
    assert rounds_to(Z[1, 0], z1) and rounds_to(Z[1, 1], z2)
    region = explorer.region
    assert not (region[0] <= Z[1, 0] <= region[1] and region[2] <= Z[1, 1] <= region[3])
    assert rounds_to(f[0], f0) and round(f[1]) == int(f1.replace(" ", ""))
    (t_last,) = found(answer, r"au-dessus de sa valeur de départ jusqu'à \$t = {N}\$, puis tombe")
    t_last = int(t_last)
    assert np.all(f[1:t_last + 1] > f[0]) and np.all(f[t_last + 1:] < f[0])
    # un pas sur l'exemple i multiplie son erreur par 1 − 2 η_t ‖x_i‖²
    t, i = 5, idx[4]
    r_before, r_after = X[i] @ Z[t - 1] - Y[i], X[i] @ Z[t] - Y[i]
    factor = 1 - 2 * eta / np.sqrt(t) * X[i] @ X[i]
    assert r_after == pytest.approx(factor * r_before, rel=1e-12)
    sq, t_calm = found(answer, r"\$\\\|\\mathbf\{x\}_3\\\|\^2 = {N}\$, c'est le cas dès "
                               r"\$t = {N}\$")
    norms2 = np.sum(X**2, axis=1)
    assert int(np.argmax(norms2)) == 2 and rounds_to(norms2[2], sq)
    ts = np.arange(1, 51)
    calm = np.all(np.abs(1 - 2 * eta / np.sqrt(ts)[:, None] * norms2) <= 1, axis=1)
    assert int(ts[np.argmax(calm)]) == int(t_calm) and np.all(calm[int(t_calm) - 1:])
    assert not calm[int(t_calm) - 2]
