"""Les exercices qui se vérifient eux-mêmes (course_utils.exercises).

Pour chaque exercice : la solution des carnets (cellule marquée ``solution``) passe ; chaque
erreur habituelle échoue avec son indice ; une fonction qui lève une exception, renvoie None,
une mauvaise forme ou NaN échoue gentiment (aucune exception ne sort de ``check``) ; un
résultat écrit en dur pour les données du cours échoue.
"""

import math
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
import torch

from course_utils import LeastSquares, linear_example
from course_utils.exercises import EXERCISES, Feedback, check

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _solutions():
    """Les fonctions définies par les cellules ``solution`` des carnets, par nom."""
    namespace = {"np": np, "torch": torch, "check": check}
    for path in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if "solution" in cell.metadata.get("tags", []):
                exec(compile(cell.source, f"{path.name}:solution", "exec"), namespace)
    return namespace


SOLUTIONS = _solutions()


def fails(fb, *words):
    """Échec (encadré rouge) dont le message contient tous les mots donnés."""
    assert isinstance(fb, Feedback)
    assert fb.status == "erreur" and not fb.ok, str(fb)
    for word in words:
        assert word in fb.message, f"« {word} » absent de :\n{fb.message}"
    assert "Traceback" not in fb.message and "course_utils/" not in fb.message
    return fb


# =========================================================================== solutions
def test_solutions_come_from_the_notebooks():
    """Une cellule solution par exercice, dans le carnet de son chapitre."""
    for ex in EXERCISES.values():
        assert callable(SOLUTIONS.get(ex.name)), ex.name
        assert SOLUTIONS[ex.name].__code__.co_filename.startswith(f"0{ex.chapter}_"), ex.id


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_the_notebook_solution_passes(exercise_id):
    ex = EXERCISES[exercise_id]
    fb = check(exercise_id, SOLUTIONS[ex.name])
    assert fb.ok, str(fb)
    assert fb.status == "ok" and "Bravo" in fb.message


def test_each_exercise_tries_other_sizes_and_edge_cases():
    """Des données du cours, d'autres tailles, et les cas limites (T = 0, un seul exemple)."""
    for ex in EXERCISES.values():
        cases = ex.cases()
        labels = " | ".join(c.label for c in cases)
        assert cases[0].course, ex.id
        assert any(not c.course for c in cases), ex.id
        assert len(cases) >= 3, ex.id
        if ex.kind == "trajectory" and "T" in ex.params:
            assert "T = 0" in labels, ex.id
        if ex.id in ("1.1", "1.2", "3.2", "4.1", "5.1"):
            assert "un seul exemple (n = 1" in labels, ex.id
        if ex.id in ("1.1", "1.2", "2.1", "3.2", "4.1"):
            assert "d = 3" in labels, ex.id  # d ≠ 2
        assert "n = 3" not in labels.replace("(n = 3", "")  # d'autres n que celui du cours


# =========================================================================== les trois états
def test_skeleton_is_to_be_completed():
    def objectif(w, X, y):
        # VOTRE CODE ICI
        ...

    fb = check("1.1", objectif)
    assert fb.status == "a_completer" and not fb.ok
    assert "à compléter" in str(fb)
    assert "#5f6368" in fb._repr_html_() and "course-feedback-a_completer" in fb._repr_html_()


def test_not_implemented_and_ellipsis_are_to_be_completed():
    def objectif(w, X, y):
        raise NotImplementedError

    def descente_de_gradient(grad, w0, eta, T):
        Z = ...  # VOTRE CODE ICI
        return Z

    assert check("1.1", objectif).status == "a_completer"
    assert check("2.1", descente_de_gradient).status == "a_completer"
    assert check("1.1", None).status == "a_completer"
    assert check("1.1", ...).status == "a_completer"


def test_green_red_and_plain_text():
    good = check("1.1", SOLUTIONS["objectif"])
    assert "#1e7e34" in good._repr_html_() and "réussi" in str(good)
    assert "<" not in str(good)

    def objectif(w, X, y):
        return np.sum((X @ w - y) ** 2)

    bad = check("1.1", objectif)
    html = bad._repr_html_()
    assert "#b00020" in html and "course-feedback-erreur" in html
    assert "<strong>moyenne</strong>" in html and "**" not in bad.message
    assert str(bad).startswith("✘ Exercice 1.1 (objectif) : pas encore")


def test_unknown_exercise_and_not_a_function():
    fails(check("9.9", SOLUTIONS["objectif"]), "9.9", "1.1, 1.2, 2.1")
    fails(check("1.1", 4.5), "On attend une fonction", "def objectif(w, X, y)")
    fails(check("1.1", SOLUTIONS["gradient"]), "`gradient` de l'exercice 1.2", "`objectif`")
    assert check(2.1, SOLUTIONS["descente_de_gradient"]).ok  # un identifiant tapé en nombre


def test_wrong_parameters():
    def objectif(w, X):
        return 0.0

    fails(check("1.1", objectif), "objectif(w, X, y)", "(w, X)")


# =========================================================================== échecs gentils
def test_student_exception_is_described_with_its_line(capsys):
    def gradient(w, X, y):
        n = len(y)
        return (2 / n) * X @ (X @ w - y)  # X au lieu de X.T

    fb = fails(check("1.2", gradient), "ValueError", "les données du cours et w = (0 ; 0)",
               "`return (2 / n) * X @ (X @ w - y)  # X au lieu de X.T`")
    assert "`X` est de forme (3, 2)" in fb.message and "`X.T`" in fb.message
    line = gradient.__code__.co_firstlineno + 2
    assert f"à la ligne {line} de votre code" in fb.message
    assert capsys.readouterr() == ("", "")  # rien d'affiché, pas de trace


def test_student_exception_inside_library_call_points_at_student_line():
    def gradient(w, X, y):
        F = LeastSquares(X, y)
        return F.grad(w[:1])  # mauvaise forme : l'erreur naît dans course_utils

    fb = fails(check("1.2", gradient), "ValueError", "`return F.grad(w[:1])")
    assert "objectives.py" not in fb.message


def test_none_nan_shape_and_text_fail_kindly():
    def objectif(w, X, y):
        r = X @ w - y
        np.mean(r**2)  # pas de return

    fails(check("1.1", objectif), "renvoie None", "`return`")

    def gradient(w, X, y):
        return np.full(X.shape[1], np.nan)

    fails(check("1.2", gradient), "NaN", "les données du cours")

    def gradient(w, X, y):
        return np.zeros((2, 2, 2))

    fails(check("1.2", gradient), "forme (2,)", "forme (2, 2, 2)")

    def objectif(w, X, y):
        return "4,667"

    fails(check("1.1", objectif), "du texte")

    def descente_de_gradient(grad, w0, eta, T):
        return [w0, np.zeros(5)]

    fails(check("2.1", descente_de_gradient), "pas tous la même forme")


ODD_ANSWERS = {
    "objet": lambda *a, **k: object(),
    "dict": lambda *a, **k: {"w": 1},
    "générateur": lambda *a, **k: (x for x in range(3)),
    "complexe": lambda *a, **k: np.ones(2) * 1j,
    "liste vide": lambda *a, **k: [],
    "récursion": lambda *a, **k: ODD_ANSWERS["récursion"](*a, **k),
    "classe": Feedback,
    "texte": "objectif",
}


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
@pytest.mark.parametrize("kind", list(ODD_ANSWERS))
def test_odd_answers_never_raise(exercise_id, kind, capsys):
    fb = check(exercise_id, ODD_ANSWERS[kind])
    assert isinstance(fb, Feedback) and fb.status == "erreur", str(fb)
    assert fb.message and "vérificateur lui-même" not in fb.message
    assert capsys.readouterr() == ("", "")


def test_array_likes_are_accepted():
    def gradient(w, X, y):  # une liste de nombres
        return list(SOLUTIONS["gradient"](w, X, y))

    assert check("1.2", gradient).ok

    def descente_de_gradient(grad, w0, eta, T):  # une liste de listes
        return [list(z) for z in SOLUTIONS["descente_de_gradient"](grad, w0, eta, T)]

    assert check("2.1", descente_de_gradient).ok

    def boucle_pytorch(F, w0, lr, T, momentum=0.0):  # un tenseur torch
        return torch.tensor(SOLUTIONS["boucle_pytorch"](F, w0, lr, T, momentum))

    assert check("6.1", boucle_pytorch).ok


def test_hard_coded_answers_fail():
    X, y = linear_example()

    def objectif(w, X, y):
        return np.sum((X @ w - y) ** 2) / 3  # n = 3 écrit en dur

    fails(check("1.1", objectif), "tirées au hasard (n = 5", "en dur")

    F = LeastSquares(X, y)
    G0 = F.grad(np.zeros(2))

    def gradient(w, X, y):  # la valeur du cours en w = 0, copiée
        return G0.copy()

    fails(check("1.2", gradient), "w = (−7 ; 7)", "on attendait ∇F(w) = (−16 ; 3,167)")

    threshold = F.stability_threshold

    def seuil_de_stabilite(H):
        return threshold

    fails(check("2.2", seuil_de_stabilite), "4 × 4", "en dur")


def test_other_sizes_are_judged_on_their_own_values():
    """Juste pour d = 1 et d = 4 aussi ; une erreur visible seulement quand d ≠ 2 est vue."""
    def gradient_partiel(w, x_i, y_i):
        return 2 * (w[0] * x_i[0] + w[1] * x_i[1] - y_i) * x_i[:2]  # d = 2 en dur

    fb = fails(check("3.1", gradient_partiel), "dimension d = 4")
    assert "troisième exemple" not in fb.message  # les deux premiers essais sont passés


def test_no_warning_escapes_from_student_overflow():
    """Une fonction qui déborde ne fait pas sortir de RuntimeWarning (qui serait une erreur
    ici : pyproject.toml les change en erreurs)."""
    def descente_de_gradient(grad, w0, eta, T):
        z = np.array(w0, dtype=float)
        Z = [z]
        for _ in range(T):
            z = z - 1e200 * grad(z)
            Z.append(z)
        return np.array(Z)

    fails(check("2.1", descente_de_gradient), "NaN", "dès l'itération t = 2")


# =========================================================================== 1.1 et 1.2
def test_11_mistakes():
    def objectif(w, X, y):
        return np.sum((X @ w - y) ** 2)

    fails(check("1.1", objectif), "n fois le bon", "moyenne", "on attendait F(w) = 4,667")

    def objectif(w, X, y):
        return np.mean(X @ w - y)

    fails(check("1.1", objectif), "au carré")

    def objectif(w, X, y):
        return np.mean(np.abs(X @ w - y))

    fails(check("1.1", objectif), "valeur absolue", "au carré")

    def objectif(w, X, y):
        return (X @ w - y) ** 2

    fails(check("1.1", objectif), "un nombre par exemple", "moyenne")

    def objectif(w, X, y):
        return np.sqrt(np.mean((X @ w - y) ** 2))

    fails(check("1.1", objectif), "racine carrée")


def test_12_mistakes():
    def gradient(w, X, y):
        return (1 / len(y)) * X.T @ (X @ w - y)

    fails(check("1.2", gradient), "la moitié du bon", "facteur 2")

    def gradient(w, X, y):
        return 2 * X.T @ (X @ w - y)

    fails(check("1.2", gradient), "3 fois le bon", "sans diviser par n")

    def gradient(w, X, y):
        return (2 / len(y)) * X.T @ (y - X @ w)

    fails(check("1.2", gradient), "l'opposé du bon", "(w·x_i − y_i)")

    def gradient(w, X, y):
        return (2 / len(y)) * (X @ w - y)[:, None] * X

    fails(check("1.2", gradient), "forme (n, d) = (3, 2)", "axis=0")

    def gradient(w, X, y):
        return X.T @ (X @ w - y)  # ni 2 ni 1/n

    fails(check("1.2", gradient), "1,5 fois le bon", "facteur 2", "diviser par n")



def test_11_and_12_more_usual_mistakes():
    """Le carré de la moyenne, un facteur ½, la moyenne prise sur les d poids au lieu des n
    exemples ; n jamais défini ; `X * w` au lieu de `X @ w` ; le produit par les écarts sans
    `[:, None]`."""
    def objectif(w, X, y):
        return np.mean(X @ w - y) ** 2

    fails(check("1.1", objectif), "au carré la moyenne", "à l'intérieur de la moyenne")

    def objectif(w, X, y):
        return np.mean((X @ w - y) ** 2) / 2

    fails(check("1.1", objectif), "la moitié du bon", "sans facteur ½")

    def objectif(w, X, y):
        return np.sum((X @ w - y) ** 2) / len(w)

    fails(check("1.1", objectif), "divisé par d = 2", "au lieu de n = 3", "`len(y)`")

    def gradient(w, X, y):
        return (2 / X.shape[1]) * X.T @ (X @ w - y)

    # sur les données du cours, 1,5 fois le bon comme « ni 2 ni 1/n » : les autres essais
    # départagent
    fb = fails(check("1.2", gradient), "divisé par d = 2", "au lieu de n = 3")
    assert "facteur 2" not in fb.message

    def objectif(w, X, y):
        return np.sum((X @ w - y) ** 2) / n  # noqa: F821

    fails(check("1.1", objectif), "NameError", "`n` n'est pas défini", "`n = len(y)`")

    def gradient(w, X, y):
        return 2 / n * X.T @ (X @ w - y)  # noqa: F821

    fails(check("1.2", gradient), "NameError", "`n = len(y)`")

    def objectif(w, X, y):
        return np.mean((X * w - y) ** 2)

    fb = fails(check("1.1", objectif), "ValueError", "case par case", "`X @ w`")
    assert "`A @ B`" not in fb.message

    def gradient(w, X, y):
        return 2 * np.mean((X @ w - y) * X, axis=0)

    fails(check("1.2", gradient), "ValueError", "case par case", "`r[:, None] * X`",
          "`X.T @ r`")

# =========================================================================== 2.1 et 2.2
def test_21_mistakes():
    def descente_de_gradient(grad, w0, eta, T):  # T points
        z = np.array(w0, dtype=float)
        Z = []
        for _ in range(T):
            z = z - eta * grad(z)
            Z.append(z)
        return np.array(Z)

    fails(check("2.1", descente_de_gradient), "T = 20 lignes au lieu de T + 1 = 21", "z_0")

    def descente_de_gradient(grad, w0, eta, T):  # montée
        Z = [np.array(w0, dtype=float)]
        for _ in range(T):
            Z.append(Z[-1] + eta * grad(Z[-1]))
        return np.array(Z)

    fails(check("2.1", descente_de_gradient), "monte", "contre", "z_1 =")

    def descente_de_gradient(grad, w0, eta, T):  # w0 de l'appelant modifié
        z = w0
        Z = [z.copy()]
        for _ in range(T):
            z -= eta * grad(z)
            Z.append(z.copy())
        return np.array(Z)

    fb = fails(check("2.1", descente_de_gradient), "modifié le tableau w0", "w0.copy()")
    assert "valeurs renvoyées sont justes" in fb.message

    def descente_de_gradient(grad, w0, eta, T):  # la même ligne à chaque itération
        z = np.array(w0, dtype=float)
        Z = [z]
        for _ in range(T):
            z -= eta * grad(z)
            Z.append(z)
        return Z

    fails(check("2.1", descente_de_gradient), "même tableau", "z.copy()")

    def descente_de_gradient(grad, w0, eta, T):  # idem, converti en tableau à la fin
        z = np.array(w0, dtype=float)
        Z = [z]
        for _ in range(T):
            z -= eta * grad(z)
            Z.append(z)
        return np.array(Z)

    fails(check("2.1", descente_de_gradient), "même tableau")

    def descente_de_gradient(grad, w0, eta, T):  # gradient pris au départ
        g = grad(w0)
        return np.array([w0 - t * eta * g for t in range(T + 1)])

    fails(check("2.1", descente_de_gradient), "recalculé au point courant")


def test_22_mistakes():
    def seuil_de_stabilite(H):
        return 2 / np.linalg.eigvalsh(H)[0]

    fails(check("2.2", seuil_de_stabilite), "plus petite valeur propre")

    def seuil_de_stabilite(H):
        return 1 / np.linalg.eigvalsh(H)[-1]

    fails(check("2.2", seuil_de_stabilite), "moitié du bon", "2/L")

    def seuil_de_stabilite(H):
        return 2 / np.trace(H)

    fails(check("2.2", seuil_de_stabilite), "trace")

    def seuil_de_stabilite(H):
        eig = np.linalg.eigvalsh(H)
        return 2 / (eig[0] + eig[-1])

    fails(check("2.2", seuil_de_stabilite), "meilleur pas")

    def seuil_de_stabilite(H):
        return 2 / np.linalg.eigvalsh(H)

    fails(check("2.2", seuil_de_stabilite), "2 nombres", "valeurs propres")


# =========================================================================== 3.1 et 3.2
def test_31_mistakes():
    def gradient_partiel(w, x_i, y_i):
        return (2 / 3) * (w @ x_i - y_i) * x_i

    fails(check("3.1", gradient_partiel), "divisé par 3", "pas de facteur 1/n")

    def gradient_partiel(w, x_i, y_i):
        return 2 * (w @ x_i - y_i) * x_i / len(x_i)

    fails(check("3.1", gradient_partiel), "divisé par d = 2", "pas de facteur 1/n")

    def gradient_partiel(w, x_i, y_i):
        return 2 * (w @ x_i - y_i)

    fails(check("3.1", gradient_partiel), "un seul nombre", "facteur x_i")

    def gradient_partiel(w, x_i, y_i):
        return 2 * (w * x_i - y_i) * x_i  # produit case par case au lieu du produit scalaire

    fails(check("3.1", gradient_partiel), "produit scalaire", "`w @ x_i`")

    def gradient_partiel(w, x_i, y_i):
        return (w @ x_i - y_i) ** 2  # la perte, pas son gradient

    fb = fails(check("3.1", gradient_partiel), "renvoie F_i(w)", "non son gradient")
    assert "facteur x_i" not in fb.message

    def gradient_partiel(w, x_i, y_i):
        return 2 * (w @ x_i - y_i) @ x_i  # un nombre dans un produit @

    fb = fails(check("3.1", gradient_partiel), "ValueError", "utilisez `*`")
    assert "X.T" not in fb.message  # il n'y a pas de X dans cet exercice

    def gradient_partiel(w, x_i, y_i):
        return 2 / n * (w @ x_i - y_i) * x_i  # noqa: F821

    fails(check("3.1", gradient_partiel), "NameError", "pas de facteur 1/n")


def _sgd_student(step=lambda eta, t: eta / np.sqrt(t), full=False, index=lambda t: t - 1,
                 t0=1):
    """Une SGD d'étudiant, avec une erreur au choix."""
    def descente_stochastique(X, y, w0, eta, T, indices):
        z = np.array(w0, dtype=float)
        Z = [z]
        for t in range(t0, T + t0):
            i = indices[index(t)]
            g = (2 / len(y)) * X.T @ (X @ z - y) if full else 2 * (z @ X[i] - y[i]) * X[i]
            z = z - step(eta, t) * g
            Z.append(z)
        return np.array(Z)

    return descente_stochastique


def test_32_mistakes():
    fails(check("3.2", _sgd_student(step=lambda eta, t: eta / t)), "η/t", "η/√t")
    fails(check("3.2", _sgd_student(step=lambda eta, t: eta)), "constant", "η/√t")
    fails(check("3.2", _sgd_student(step=lambda eta, t: eta / np.sqrt(t + 1))), "η/√(t + 1)")
    fails(check("3.2", _sgd_student(full=True)), "gradient complet", "indices[t - 1]")
    # t compté à partir de 0 : division par zéro (numpy : un infini ; math : une exception)
    fails(check("3.2", _sgd_student(t0=0, index=lambda t: t)), "√0", "range(1, T + 1)",
          "dès l'itération t = 1")
    fails(check("3.2", _sgd_student(t0=0, index=lambda t: t,
                                    step=lambda eta, t: eta / math.sqrt(t))),
          "ZeroDivisionError", "√0", "math.sqrt(t)")
    # indices[t] au lieu de indices[t - 1]
    fails(check("3.2", _sgd_student(index=lambda t: t)), "IndexError", "indices[t - 1]")

    def descente_stochastique(X, y, w0, eta, T, indices):  # le ∇F_i / n du code de 2019
        z = np.array(w0, dtype=float)
        Z = [z]
        for t in range(1, T + 1):
            i = indices[t - 1]
            z = z - eta / np.sqrt(t) * 2 * (z @ X[i] - y[i]) * X[i] / len(y)
            Z.append(z)
        return np.array(Z)

    fails(check("3.2", descente_stochastique), "2019", "sans 1/n")


def _sgd_with(example=None, grad_factor=2.0, at_start=False, last_only=False):
    """Une SGD d'étudiant : ``example(t, indices, n)`` choisit l'exemple de l'étape t."""
    def descente_stochastique(X, y, w0, eta, T, indices):
        z = np.array(w0, dtype=float)
        Z = [z]
        rng = np.random.default_rng(12)
        for t in range(1, T + 1):
            i = indices[t - 1] if example is None else example(t, indices, len(y), rng)
            at = np.asarray(w0, dtype=float) if at_start else z
            z = z - eta / np.sqrt(t) * grad_factor * (at @ X[i] - y[i]) * X[i]
            Z.append(z)
        return Z[-1] if last_only else np.array(Z)

    return descente_stochastique


def test_32_more_usual_mistakes():
    assert check("3.2", _sgd_with()).ok
    other = ("pas avec les exemples donnés", "`indices[t - 1]` tel quel")
    # les indices lus comme numérotés à partir de 1, les exemples dans l'ordre, un tirage maison
    fails(check("3.2", _sgd_with(lambda t, idx, n, rng: idx[t - 1] - 1)), *other,
          "ne retranchez pas 1")
    fails(check("3.2", _sgd_with(lambda t, idx, n, rng: (t - 1) % n)), *other)
    fails(check("3.2", _sgd_with(lambda t, idx, n, rng: rng.integers(n))), *other)
    fails(check("3.2", _sgd_with(grad_factor=1.0)), "facteur 2", "2 (z·x_i − y_i) x_i")
    fails(check("3.2", _sgd_with(at_start=True)), "point courant", "∇F_i(w0)")
    fails(check("3.2", _sgd_with(last_only=True)), "un seul point", "toute la trajectoire")


# =========================================================================== 4.1
def _momentum_student(climb=False, carry=True, constant=False):
    def descente_momentum(X, y, w0, eta, alpha, T, indices):
        z = np.array(w0, dtype=float)
        v = np.zeros_like(z)
        Z = [z]
        for t in range(1, T + 1):
            i = indices[t - 1]
            g = 2 * (z @ X[i] - y[i]) * X[i]
            step = eta if constant else eta / np.sqrt(t)
            v = (alpha * v if carry else 0) - step * g
            z = z - v if climb else z + v
            Z.append(z)
        return np.array(Z)

    return descente_momentum


def test_41_mistakes():
    assert check("4.1", _momentum_student()).ok
    fails(check("4.1", _momentum_student(climb=True)), "monte", "z_t = z_{t−1} + v_t")
    fails(check("4.1", _momentum_student(carry=False)), "sans momentum", "avant la boucle")
    fails(check("4.1", _momentum_student(constant=True)), "constant", "η/√t")


def test_41_other_examples_with_the_right_velocity():
    """Des pas de momentum justes, mais sur les exemples parcourus dans l'ordre."""
    def descente_momentum(X, y, w0, eta, alpha, T, indices):
        z = np.array(w0, dtype=float)
        v = np.zeros_like(z)
        Z = [z]
        for t in range(1, T + 1):
            i = (t - 1) % len(y)
            v = alpha * v - eta / np.sqrt(t) * 2 * (z @ X[i] - y[i]) * X[i]
            z = z + v
            Z.append(z)
        return np.array(Z)

    fails(check("4.1", descente_momentum), "pas avec les exemples donnés", "`indices[t - 1]`")


# =========================================================================== 5.1
def _network_student(order="Mx", dtanh=lambda u: 1 - np.tanh(u) ** 2):
    def gradient_reseau(w, X, y):
        x1, x2 = X[:, 0], X[:, 1]
        a, b = (w[0] * x1 - x2, x1 + w[1] * x2) if order == "Mx" else \
            (w[0] * x1 + x2, -x1 + w[1] * x2)
        r = -np.tanh(a) + np.tanh(b) - y
        return (2 / len(y)) * np.array([r @ (-dtanh(a) * x1), r @ (dtanh(b) * x2)])

    return gradient_reseau


def test_51_mistakes():
    assert check("5.1", _network_student()).ok
    fails(check("5.1", _network_student(order="xM")), "x·M", "2019", "M x = (w₁ x₁ − x₂")
    fails(check("5.1", _network_student(dtanh=np.ones_like)), "1 − tanh²(u), pas 1")
    fails(check("5.1", _network_student(dtanh=np.tanh)), "pas tanh(u)")


# =========================================================================== 6.1
def _torch_student(zero_grad=True, points="T+1", copy=True, from_numpy=False,
                   dtype=torch.float64):
    def boucle_pytorch(F, w0, lr, T, momentum=0.0):
        if from_numpy:
            p = torch.from_numpy(w0).requires_grad_()
        else:
            p = torch.tensor(w0, dtype=dtype, requires_grad=True)
        opt = torch.optim.SGD([p], lr=lr, momentum=momentum)
        Z = [p.detach().numpy().copy()] if points == "T+1" else []
        for _ in range(T):
            if zero_grad:
                opt.zero_grad()
            F(p).backward()
            opt.step()
            Z.append(p.detach().numpy().copy() if copy else p.detach().numpy())
        return Z

    return boucle_pytorch


def test_61_mistakes():
    assert check("6.1", _torch_student()).ok
    fails(check("6.1", _torch_student(zero_grad=False)), "zero_grad", "s'accumulent")
    fails(check("6.1", _torch_student(points="T")), "T + 1 = 21")
    fails(check("6.1", _torch_student(copy=False)), "même tenseur", ".copy()")
    fails(check("6.1", _torch_student(from_numpy=True)), "torch.from_numpy(w0)", "w0")
    fails(check("6.1", _torch_student(dtype=torch.float32)), "float32", "torch.float64")

    def boucle_pytorch(F, w0, lr, T, momentum=0.0):
        p = torch.tensor(w0)  # sans requires_grad
        opt = torch.optim.SGD([p], lr=lr, momentum=momentum)
        Z = [p.numpy().copy()]
        for _ in range(T):
            opt.zero_grad()
            F(p).backward()
            opt.step()
            Z.append(p.numpy().copy())
        return Z

    fails(check("6.1", boucle_pytorch), "RuntimeError", "requires_grad=True",
          "F(p).backward()")


def test_61_without_torch_says_so_kindly(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # « import torch » lève ImportError
    fb = check("6.1", SOLUTIONS["boucle_pytorch"])
    assert fb.status == "indisponible" and not fb.ok
    assert "PyTorch n'est pas installé" in fb.message
    assert "course-feedback-indisponible" in fb._repr_html_()


def test_exercises_work_without_torch_installed():
    """Dans le navigateur, torch n'existe pas : le module s'importe, 6.1 le dit, 6.4 marche."""
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "import numpy as np\n"
        "from course_utils.exercises import check\n"
        "def boucle_pytorch(F, w0, lr, T, momentum=0.0):\n"
        "    ...\n"
        "def pas_adam(w, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
        "    b1, b2 = betas\n"
        "    m = b1 * m + (1 - b1) * g\n"
        "    v = b2 * v + (1 - b2) * g * g\n"
        "    return w - lr * m / (1 - b1**t) / (np.sqrt(v / (1 - b2**t)) + eps), m, v\n"
        "print(check('6.1', boucle_pytorch).status, check('6.4', pas_adam).status)\n"
        "print('torch' in sys.modules and sys.modules['torch'] is not None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["indisponible", "ok", "False"]


# =========================================================================== 6.4
def _adam_student(correction=lambda t: t, eps_inside=False, hat=False, square=True):
    def pas_adam(w, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        b1, b2 = betas
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * (g**2 if square else g)
        k = correction(t)
        m_hat = m if k is None else m / (1 - b1**k)
        v_hat = v if k is None else v / (1 - b2**k)
        denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
        w = w - lr * m_hat / denom
        return (w, m_hat, v_hat) if hat else (w, m, v)

    return pas_adam


def test_64_matches_torch_optim_adam():
    """L'attendu (jumeau numpy) est bien le pas de torch.optim.Adam."""
    ex = EXERCISES["6.4"]
    for case in ex.cases():
        d = case.data
        p = torch.tensor(d["w"], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([p], lr=d["lr"], betas=d["betas"], eps=d["eps"])
        p.grad = torch.tensor(d["g"], dtype=torch.float64)
        opt.step()  # crée l'état ; on le remplace par celui de l'étape t − 1, puis on refait
        with torch.no_grad():
            p.copy_(torch.tensor(d["w"]))
        state = opt.state[p]
        state["step"] = torch.tensor(float(d["t"] - 1))
        state["exp_avg"] = torch.tensor(d["m"], dtype=torch.float64)
        state["exp_avg_sq"] = torch.tensor(d["v"], dtype=torch.float64)
        opt.step()
        w, m, v = ex.expected(case)
        assert np.allclose(p.detach().numpy(), w, rtol=1e-12, atol=0)
        assert np.allclose(state["exp_avg"].numpy(), m, rtol=1e-12, atol=0)
        assert np.allclose(state["exp_avg_sq"].numpy(), v, rtol=1e-12, atol=0)


def test_64_mistakes():
    assert check("6.4", _adam_student()).ok
    fails(check("6.4", _adam_student(correction=lambda t: None)), "correction de biais")
    fails(check("6.4", _adam_student(eps_inside=True)), "après la racine", "plateau")
    fails(check("6.4", _adam_student(correction=lambda t: t - 1)), "1 − β⁰ = 0",
          "t compte les étapes à partir de 1")
    fails(check("6.4", _adam_student(correction=lambda t: t + 1)), "exposant t + 1")
    fails(check("6.4", _adam_student(hat=True)), "Renvoyez m et v")
    fails(check("6.4", _adam_student(square=False)), "carrés")

    def pas_adam(w, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        return w - lr * g

    fails(check("6.4", pas_adam), "`return w, m, v`")


# =========================================================================== 2.3 et 4.2
def test_23_mistakes():
    def conditionnement(H):
        eig = np.linalg.eigvalsh(H)
        return eig[-1] / eig[0]

    assert check("2.3", conditionnement).ok

    def conditionnement(H):
        eig = np.linalg.eigvalsh(H)
        return eig[0] / eig[-1]

    fails(check("2.3", conditionnement), "1/κ", "np.linalg.eig")

    def conditionnement(H):
        eig = np.linalg.eigvalsh(H)
        return (eig[-1] - eig[0]) / (eig[-1] + eig[0])

    fails(check("2.3", conditionnement), "facteur de contraction", "(κ − 1)/(κ + 1)")

    def conditionnement(H):
        eig = np.linalg.eigvalsh(H)
        return eig[-1] - eig[0]

    fails(check("2.3", conditionnement), "différence L − μ", "rapport")

    def conditionnement(H):
        return np.max(np.diag(H)) / np.min(np.diag(H))

    fails(check("2.3", conditionnement), "diagonale", "directions propres")

    def conditionnement(H):
        return np.linalg.eigvalsh(H)

    fails(check("2.3", conditionnement), "2 nombres", "un seul nombre")

    def conditionnement(H):
        eig = np.linalg.eigvalsh(H)
        return np.sqrt(eig[-1] / eig[0])

    fails(check("2.3", conditionnement), "racine carrée")


def _heavy_ball_student(climb=False, carry=True, order="v-then-z", decreasing=False):
    def boule_pesante(grad, w0, eta, alpha, T):
        z = np.array(w0, dtype=float)
        v = np.zeros_like(z)
        Z = [z]
        for t in range(1, T + 1):
            step = eta / np.sqrt(t) if decreasing else eta
            if not carry:
                v = np.zeros_like(z)
            if order == "z-then-v":
                z = z + v
                v = alpha * v - step * grad(Z[-1])
            else:
                v = alpha * v - step * grad(z)
                z = z - v if climb else z + v
            Z.append(z)
        return np.array(Z)

    return boule_pesante


def test_42_mistakes():
    assert check("4.2", _heavy_ball_student()).ok
    fails(check("4.2", _heavy_ball_student(climb=True)), "monte", "z_t = z_{t−1} + v_t")
    fails(check("4.2", _heavy_ball_student(carry=False)), "descente de gradient du chapitre 2",
          "avant la boucle")
    fails(check("4.2", _heavy_ball_student(order="z-then-v")), "ancienne")
    fails(check("4.2", _heavy_ball_student(decreasing=True)), "constant", "η/√t")

    def boule_pesante(grad, w0, eta, alpha, T):
        z, v, Z = np.array(w0, dtype=float), 0.0, []
        for _ in range(T):
            v = alpha * v - eta * grad(z)
            z = z + v
            Z.append(z)
        return np.array(Z)

    fails(check("4.2", boule_pesante), "T + 1", "z_0")

    def boule_pesante(grad, w0, eta, alpha, T):
        z = w0
        v = np.zeros_like(z)
        Z = [z.copy()]
        for _ in range(T):
            v = alpha * v - eta * grad(z)
            z += v
            Z.append(z.copy())
        return np.array(Z)

    fails(check("4.2", boule_pesante), "modifié le tableau w0")

    def boule_pesante(grad, w0, eta, alpha, T):
        z = np.array(w0, dtype=float)
        v = np.zeros_like(z)
        Z = [z]
        for _ in range(T):
            v = alpha * (v - eta * grad(z))
            z = z + v
            Z.append(z)
        return np.array(Z)

    fails(check("4.2", boule_pesante), "seule l'ancienne vitesse")


# =========================================================================== 7.1
def _epoch_student(divide="lot", shuffled=True, last=True, frozen=False, in_place=False,
                   start=True):
    """Une époque de SGD par mini-lots écrite par un étudiant, avec une erreur au choix."""
    def epoque_mini_lots(X, y, w, eta, taille_lot, ordre):
        z = w if in_place else np.array(w, dtype=float)
        points = [z.copy()] if start else []
        rows = ordre if shuffled else np.arange(len(y))
        for debut in range(0, len(y), taille_lot):
            lot = rows[debut:debut + taille_lot]
            if not last and len(lot) < taille_lot:
                break  # le dernier lot, plus petit, oublié
            at = w if frozen else z
            size = {"lot": len(lot), "somme": 1, "taille_lot": taille_lot}[divide]
            g = (2 / size) * X[lot].T @ (X[lot] @ at - y[lot])
            if in_place:
                z -= eta * g
            else:
                z = z - eta * g
            points.append(z.copy())
        return np.array(points)

    return epoque_mini_lots


def test_71_reference_is_the_first_epoch_of_minibatch_sgd():
    """L'attendu : la première époque de ``minibatch_sgd`` (même graine, donc même ordre) ; et
    une boucle écrite ici, lot par lot, dans l'ordre donné, le retrouve."""
    ex = EXERCISES["7.1"]
    for case in ex.cases():
        (X, y, w, eta, b, order), _ = case.make()
        assert sorted(order) == list(range(len(y)))  # une permutation des exemples
        expected = ex.expected(case)
        assert expected.shape == (math.ceil(len(y) / b) + 1, X.shape[1])
        z, rows = w, [w]
        for k in range(0, len(y), b):
            lot = order[k:k + b]
            z = z - eta * np.mean([2 * (z @ X[i] - y[i]) * X[i] for i in lot], axis=0)
            rows.append(z)
        np.testing.assert_allclose(expected, rows, rtol=1e-12, atol=1e-12)
    labels = " | ".join(c.label for c in ex.cases())
    assert "n = 354" in labels and "d = 11" in labels and "taille_lot = 1" in labels
    assert "puis un de 2" in labels and "tombent juste" in labels and "taille_lot = n" in labels


def test_71_mistakes():
    assert check("7.1", _epoch_student()).ok
    fails(check("7.1", _epoch_student(last=False)), "dernier lot, plus petit, a été oublié",
          "il reste 2 exemples", "⌈n/b⌉ = 12 lots")
    fails(check("7.1", _epoch_student(divide="somme")), "moyenne", "somme",
          "`len(lot)`")
    fails(check("7.1", _epoch_student(divide="taille_lot")), "Le dernier lot n'a que 2",
          "sa vraie taille", "`len(lot)`", "à l'itération t = 12")
    fails(check("7.1", _epoch_student(shuffled=False)), "l'ordre des lignes (0, 1, 2…)",
          "`lot = ordre[k:k + taille_lot]`")
    fb = fails(check("7.1", _epoch_student(in_place=True)), "modifié le tableau w",
               "`z = w.copy()`")
    assert "valeurs renvoyées sont justes" in fb.message
    fails(check("7.1", _epoch_student(frozen=True)), "au point courant z",
          "début de l'époque")
    fails(check("7.1", _epoch_student(start=False)), "12 lignes au lieu de 13",
          "point de départ z_0 = w")


def test_71_more_mistakes_and_odd_loops():
    def epoque_mini_lots(X, y, w, eta, taille_lot, ordre):  # un lot vide de trop
        z = np.array(w, dtype=float)
        points = [z]
        for debut in range(0, len(y) + 1, taille_lot):
            lot = ordre[debut:debut + taille_lot]
            z = z - eta * (2 / len(lot)) * X[lot].T @ (X[lot] @ z - y[lot])
            points.append(z)
        return np.array(points)

    fails(check("7.1", epoque_mini_lots), "ZeroDivisionError", "un lot de trop",
          "range(0, n, taille_lot)")

    def epoque_mini_lots(X, y, w, eta, taille_lot, ordre):  # moyenne par n
        z = np.array(w, dtype=float)
        points = [z]
        for debut in range(0, len(y), taille_lot):
            lot = ordre[debut:debut + taille_lot]
            z = z - eta * (2 / len(y)) * X[lot].T @ (X[lot] @ z - y[lot])
            points.append(z)
        return [list(p) for p in points]  # une liste de listes : acceptée

    fails(check("7.1", epoque_mini_lots), "Vous divisez par n = 354", "sur les exemples du lot")

    def epoque_mini_lots(X, y, w, eta, taille_lot, ordre):  # un exemple à la fois
        z = np.array(w, dtype=float)
        points = [z]
        for debut in range(len(y)):
            lot = ordre[debut:debut + taille_lot]
            z = z - eta * (2 / len(lot)) * X[lot].T @ (X[lot] @ z - y[lot])
            points.append(z)
        return np.array(points)

    fails(check("7.1", epoque_mini_lots), "355 lignes", "d'un exemple à la fois")

    def epoque_mini_lots(X, y, w, eta, taille_lot, ordre):  # ordre[k + j] déborde
        z = np.array(w, dtype=float)
        points = [z]
        for debut in range(0, len(y), taille_lot):
            lot = [ordre[debut + j] for j in range(taille_lot)]
            z = z - eta * (2 / len(lot)) * X[lot].T @ (X[lot] @ z - y[lot])
            points.append(z)
        return np.array(points)

    fails(check("7.1", epoque_mini_lots), "IndexError", "une tranche ne déborde jamais")


def test_71_hard_coded_answers_fail():
    """La réponse des données du chapitre recopiée, ou la taille des lots écrite en dur."""
    ex = EXERCISES["7.1"]
    stored = ex.expected(ex.cases()[0])

    def epoque_mini_lots(X, y, w, eta, taille_lot, ordre):
        return stored.copy()

    fails(check("7.1", epoque_mini_lots), "taille_lot = 100", "en dur",
          "n = 354, d = 11, taille_lot = 32")

    def epoque_mini_lots(X, y, w, eta, taille_lot, ordre):  # 32 en dur
        z = np.array(w, dtype=float)
        points = [z]
        for debut in range(0, len(y), 32):
            lot = ordre[debut:debut + 32]
            z = z - eta * (2 / len(lot)) * X[lot].T @ (X[lot] @ z - y[lot])
            points.append(z)
        return np.array(points)

    fails(check("7.1", epoque_mini_lots), "forme (5, 11)", "en dur")
