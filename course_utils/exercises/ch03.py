"""Chapitre 3 (descente stochastique) : 3.1 le gradient partiel, 3.2 la descente
stochastique à pas décroissant."""

from __future__ import annotations

import numpy as np

from ..datasets import linear_example
from ..french import number, point
from ..objectives import LeastSquares
from ..optimizers import sample_indices, sgd
from ._engine import (
    _Case,
    _Exercise,
    _Variant,
    _close,
    _factor_variants,
    _finite,
    _random_data,
    _rng,
    _same_rows_variant,
    _sizes,
    _t_points_variant,
    _trajectory_checks,
)


# ------------------------------------------------------------------------------------- 3.1
class _PartialGradient(_Exercise):
    id, chapter, name = "3.1", 3, "gradient_partiel"
    params = ("w", "x_i", "y_i")
    quantity = "∇F_i(w)"
    kind = "vector"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        x4, y4 = _random_data(rng, 1, 4)
        w4 = rng.normal(size=4).round(2)
        w = np.array([-7.0, 7.0])
        out = []
        for label, wc, xc, yc, course in (
            ("w = (−7 ; 7) et le premier exemple du cours, x_1 = (1 ; 1), y_1 = −1",
             w, X[0], y[0], True),
            ("w = (−7 ; 7) et le troisième exemple du cours, x_3 = (2 ; 0,5), y_3 = 2",
             w, X[2], y[2], True),
            (f"un exemple tiré au hasard en dimension d = 4 : x_i = {point(x4[0], 3)}, y_i = "
             f"{number(y4[0])}, w = {point(w4, 3)}", w4, x4[0], y4[0], False),
            ("une seule dimension : x_i = (3), y_i = 1, w = (0,5)",
             np.array([0.5]), np.array([3.0]), 1.0, False),
        ):
            out.append(_Case(label, lambda wc=wc, xc=xc, yc=yc: (
                (wc.copy(), xc.copy(), float(yc)), {}), course=course,
                data=dict(w=wc, x=xc, y=float(yc))))
        return out

    def expected(self, case):
        d = case.data
        return LeastSquares(d["x"][None, :], [d["y"]]).grad_i(d["w"], 0)

    def variants(self, case):
        d = case.data
        dim = d["x"].shape[0]
        no_n = ("∇F_i n'a **pas** de facteur 1/n : F_i(w) = (w·x_i − y_i)² ne regarde qu'un "
                "exemple, c'est la moyenne F = (1/n) Σ F_i qui apporte le 1/n (le code de 2019 "
                "divisait ici par n).")
        w, x, y = d["w"], d["x"], d["y"]
        out = [
            _Variant("Votre gradient partiel vaut le bon divisé par 3, le nombre d'exemples du "
                     "cours (avez-vous écrit (2/n) … ou divisé par n ?) : " + no_n,
                     compute=lambda case: self.expected(case) / 3.0),
            _Variant("`w * x_i` multiplie case par case et donne un vecteur ; w·x_i est le "
                     "**produit scalaire**, un seul nombre, Σ_k w_k x_{i,k} : écrivez "
                     "`w @ x_i` (ou `np.dot(w, x_i)`).",
                     compute=lambda case: 2 * (w * x - y) * x, key="elementwise"),
            _Variant(f"Votre fonction renvoie F_i(w) = (w·x_i − y_i)², la perte de l'exemple, et "
                     f"non son gradient : ∇F_i(w) = 2 (w·x_i − y_i) x_i, un vecteur de d = {dim} "
                     "composantes.",
                     test=lambda got, case: got.shape == () and _close(got, (w @ x - y) ** 2),
                     key="value"),
            _Variant(f"Votre fonction renvoie un seul nombre : ∇F_i(w) est un vecteur de d = "
                     f"{dim} composantes, 2 (w·x_i − y_i) x_i (n'oubliez pas le facteur x_i).",
                     test=lambda got, case: got.shape == () and dim > 1),
        ]
        if dim > 1:
            out.append(_Variant(
                f"Votre gradient partiel vaut le bon divisé par d = {dim} (`len(x_i)`) : "
                + no_n, compute=lambda case: self.expected(case) / dim, key="div-d"))
        return out + _factor_variants(self.expected, 1, what="gradient partiel")

    def exception_hint(self, exc, case):
        if isinstance(exc, NameError) and getattr(exc, "name", None) == "n":
            return ("Il n'y a pas de n ici, et c'est normal : ∇F_i(w) = 2 (w·x_i − y_i) x_i ne "
                    "regarde qu'un exemple, il n'a pas de facteur 1/n.")
        return None


# ------------------------------------------------------------------------------------- 3.2
def _sgd_variant(F, w0, eta, T, indices, *, rate="sqrt", full=False, alpha=None,
                 climb=False, carry=True, divide_n=False, half=False, at_start=False):
    """Les erreurs habituelles de la SGD (avec ou sans momentum), sur les mêmes tirages."""
    z = np.array(w0, dtype=float)
    v = np.zeros_like(z)
    Z = [z.copy()]
    for t in range(1, T + 1):
        i = int(indices[t - 1])
        at = np.asarray(w0, dtype=float) if at_start else z
        g = F.grad(at) if full else F.grad_i(at, i)
        if divide_n:
            g = g / F.n
        if half:
            g = g / 2
        step = {"sqrt": eta / np.sqrt(t), "t": eta / t, "const": eta,
                "sqrt+1": eta / np.sqrt(t + 1)}[rate]
        if alpha is None:
            z = z - step * g
        else:
            v = (alpha * v if carry else 0.0) - step * g
            z = z - v if climb else z + v
        Z.append(z.copy())
    return np.array(Z)


_T_FROM_ZERO = ("Le pas de l'étape t est η/√t avec t = 1, 2, …, T : si votre boucle compte t "
                "à partir de 0, le premier pas divise par √0 = 0. Comptez t de 1 à T (par "
                "exemple `for t in range(1, T + 1)`) ; l'exemple de l'étape t est alors "
                "`indices[t - 1]`.")
def _other_examples_variant(case):
    """Des pas de SGD justes (bon pas, bon gradient partiel, même vitesse), mais pas sur les
    exemples donnés : tirés par l'étudiant, parcourus dans l'ordre, décalés de 1…"""
    d = case.data
    F, w0, eta, T, idx = d["F"], d["w0"], d["eta"], d["T"], d["indices"]
    alpha = d["alpha"] or 0.0

    def test(got, case):
        if got.shape != (T + 1, np.size(w0)) or not _finite(got) or not _close(got[0], w0):
            return False
        v = np.zeros(np.size(w0))
        wrong = False
        for t in range(1, T + 1):
            z = got[t - 1]
            steps = z + alpha * v - eta / np.sqrt(t) * F.grad_i(z, np.arange(F.n))
            fits = [_close(got[t], s) for s in steps]
            if not any(fits):
                return False
            wrong = wrong or not fits[int(idx[t - 1])]
            v = got[t] - z
        return wrong

    return _Variant(
        "Vos pas suivent bien la formule, mais pas avec les exemples donnés : à l'étape t, "
        "utilisez l'exemple i = `indices[t - 1]` tel quel (les lignes `X[i]` et `y[i]`). Ne "
        "tirez pas vous-même au hasard, ne parcourez pas les exemples dans l'ordre, et ne "
        "retranchez pas 1 : les indices sont déjà numérotés à partir de 0, comme les lignes "
        "de X.", test=test, key="other-examples")


_INDEX_HINT = ("À l'étape t (t = 1, …, T), l'exemple tiré est `indices[t - 1]` : le tableau "
               "indices a T cases, numérotées de 0 à T − 1 (comme les lignes de X).")


class _StochasticDescent(_Exercise):
    id, chapter, name = "3.2", 3, "descente_stochastique"
    params = ("X", "y", "w0", "eta", "T", "indices")
    quantity = "z_t"
    kind = "trajectory"

    def _setups(self):
        """(label, X, y, w0, eta, alpha, T, graine des indices, données du cours ?)"""
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 5, 3)
        w0r = (rng.normal(size=3) * 3).round(1)
        return [
            ("le problème du cours (w0 = (−7 ; 7), η = 1/3, T = 50, indices de la graine 0)",
             X, y, np.array([-7.0, 7.0]), 1 / 3, None, 50, 0, True),
            (f"des données tirées au hasard ({_sizes(Xr)}), w0 = {point(w0r)}, η = 0,1, T = 12",
             Xr, yr, w0r, 0.1, None, 12, 3, False),
            ("T = 0 (aucune itération : la trajectoire ne contient que z_0 = w0), "
             "avec les données du cours", X, y, np.array([-7.0, 7.0]), 1 / 3, None, 0, 0, False),
            ("un seul exemple (n = 1 : x_1 = (0 ; −1), y_1 = 3), w0 = (1 ; 1), η = 0,2, T = 6",
             X[1:2], y[1:2], np.array([1.0, 1.0]), 0.2, None, 6, 1, False),
        ]

    def cases(self):
        out = []
        for label, Xc, yc, w0, eta, alpha, T, seed, course in self._setups():
            F = LeastSquares(Xc, yc)
            indices = sample_indices(F.n, T, seed=seed)
            args = (Xc, yc, w0, eta, T, indices) if alpha is None else \
                (Xc, yc, w0, eta, alpha, T, indices)
            out.append(_Case(label, lambda args=args: (
                tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args), {}),
                course=course, data=dict(F=F, w0=w0, eta=eta, alpha=alpha, T=T, seed=seed,
                                         indices=indices)))
        return out

    def expected(self, case):
        d = case.data
        return sgd(d["F"], d["w0"], d["eta"], d["T"], seed=d["seed"])

    def _common(self, case, alpha):
        d = case.data
        F, w0, eta, T, idx = d["F"], d["w0"], d["eta"], d["T"], d["indices"]

        def run(**kw):
            return lambda case: _sgd_variant(F, w0, eta, T, idx, alpha=alpha, **kw)

        def first_step_not_finite(got, case):
            return (got.ndim == 2 and got.shape[0] == T + 1 and T >= 1
                    and _finite(got[0]) and not _finite(got[1]))

        return [
            _t_points_variant(T),
            _same_rows_variant(),
            _Variant(_T_FROM_ZERO, test=first_step_not_finite),
            _Variant("Votre pas décroît comme η/t : le cours utilise η/√t (`eta / np.sqrt(t)`), "
                     "qui décroît plus lentement.", compute=run(rate="t")),
            _Variant("Votre pas reste constant (η à chaque étape) : il doit décroître, "
                     "η_t = η/√t à l'étape t.",
                     compute=run(rate="const")),
            _Variant("Votre pas de l'étape t est η/√(t + 1) : c'est η/√t, avec t = 1 au premier "
                     "pas (le premier pas vaut η).", compute=run(rate="sqrt+1")),
            _Variant("Vous utilisez le gradient complet ∇F (tous les exemples) : la descente "
                     "stochastique n'utilise à l'étape t que le gradient partiel ∇F_i de "
                     "l'exemple tiré, i = `indices[t - 1]`, soit 2 (z·x_i − y_i) x_i.",
                     compute=run(full=True)),
            _Variant("Vous divisez le gradient partiel par n, comme le code de 2019 : la formule "
                     "du cours utilise ∇F_i(z) = 2 (z·x_i − y_i) x_i, sans 1/n.",
                     compute=run(divide_n=True)),
            _Variant("Il manque le facteur 2 du gradient partiel : ∇F_i(z) = 2 (z·x_i − y_i) x_i "
                     "(dérivée du carré, (u²)' = 2u·u').", compute=run(half=True)),
            _Variant("Le gradient partiel doit être recalculé au point courant à chaque étape : "
                     "g_t = ∇F_i(z_{t−1}), et non ∇F_i(w0) au départ.",
                     compute=run(at_start=True)),
            _Variant("Votre fonction renvoie un seul point (le dernier, z_T ?) : il faut toute la "
                     "trajectoire z_0, z_1, …, z_T, une ligne par point. Rangez chaque point "
                     "dans une liste, puis renvoyez `np.array(liste)`.",
                     test=lambda got, case: got.shape == (np.size(w0),) and T >= 1,
                     key="last-point"),
            _other_examples_variant(case),
        ]

    def variants(self, case):
        return self._common(case, None)

    def exception_hint(self, exc, case):
        if isinstance(exc, ZeroDivisionError):
            return _T_FROM_ZERO
        if isinstance(exc, IndexError):
            return _INDEX_HINT
        return None

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[2], case.data["w0"])
