"""Chapitre 2 (descente de gradient) : 2.1 la descente, 2.2 le seuil de stabilité,
2.3 le conditionnement."""

from __future__ import annotations

import numpy as np

from ..datasets import linear_example
from ..french import point
from ..objectives import LeastSquares
from ..optimizers import gradient_descent
from ._engine import (
    _Case,
    _Exercise,
    _Variant,
    _random_data,
    _rng,
    _same_rows_variant,
    _sizes,
    _t_points_variant,
    _trajectory_checks,
)


# ------------------------------------------------------------------------------------- 2.1
class _GradientDescent(_Exercise):
    id, chapter, name = "2.1", 2, "descente_de_gradient"
    params = ("grad", "w0", "eta", "T")
    quantity = "z_t"
    kind = "trajectory"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 6, 3)
        w0r = rng.normal(size=3).round(1) * 3
        X1, y1 = _random_data(rng, 4, 1)
        out = []
        for label, (Xc, yc), w0, eta, T, course in (
            ("le problème du cours (w0 = (−7 ; 7), η = 0,4, T = 20)", (X, y),
             np.array([-7.0, 7.0]), 0.4, 20, True),
            (f"des données tirées au hasard ({_sizes(Xr)}), w0 = {point(w0r)}, η = 0,2, T = 7",
             (Xr, yr), w0r, 0.2, 7, False),
            ("T = 0 (aucune itération : la trajectoire ne contient que z_0 = w0), "
             "avec les données du cours et w0 = (−7 ; 7)",
             (X, y), np.array([-7.0, 7.0]), 0.4, 0, False),
            (f"une seule dimension ({_sizes(X1)}), w0 = {point([2.0])}, η = 0,3, T = 5",
             (X1, y1), np.array([2.0]), 0.3, 5, False),
        ):
            F = LeastSquares(Xc, yc)
            out.append(_Case(label, lambda F=F, w0=w0, eta=eta, T=T: (
                (F.grad, w0.copy(), eta, T), {}), course=course,
                data=dict(F=F, w0=w0, eta=eta, T=T)))
        return out

    def expected(self, case):
        d = case.data
        return gradient_descent(d["F"], d["w0"], d["eta"], d["T"])

    def variants(self, case):
        d = case.data
        F, w0, eta, T = d["F"], d["w0"], d["eta"], d["T"]

        def loop(step):
            Z = [np.array(w0, dtype=float)]
            for _ in range(T):
                Z.append(step(Z[-1]))
            return np.array(Z)

        return [
            _t_points_variant(T),
            _same_rows_variant(),
            _Variant("Votre trajectoire monte : à chaque pas, il faut aller **contre** le "
                     "gradient, z_t = z_{t−1} − η ∇F(z_{t−1}) (avec un signe moins).",
                     compute=lambda case: loop(lambda z: z + eta * F.grad(z))),
            _Variant("Le gradient doit être recalculé au point courant à chaque pas : "
                     "g_t = ∇F(z_{t−1}), et non ∇F(w0) au départ.",
                     compute=lambda case: loop(lambda z: z - eta * F.grad(w0))),
        ]

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[1], case.data["w0"])


# ------------------------------------------------------------------------------------- 2.2
class _StabilityThreshold(_Exercise):
    id, chapter, name = "2.2", 2, "seuil_de_stabilite"
    params = ("H",)
    quantity = "le seuil 2/L"
    kind = "scalar"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 6, 4)
        X1, y1 = np.array([[1.5], [-0.5]]), np.array([1.0, 2.0])
        out = []
        for label, (Xc, yc), course in (
            ("la hessienne H des données du cours", (X, y), True),
            ("une matrice 4 × 4 tirée au hasard (d = 4)", (Xr, yr), False),
            ("une matrice 1 × 1 (d = 1)", (X1, y1), False),
        ):
            F = LeastSquares(Xc, yc)
            H = F.hessian()
            out.append(_Case(label, lambda H=H: ((H.copy(),), {}), course=course,
                             data=dict(F=F, H=H)))
        return out

    def expected(self, case):
        return case.data["F"].stability_threshold

    def variants(self, case):
        F, H = case.data["F"], case.data["H"]
        eig = np.linalg.eigvalsh(H)
        L, mu = eig[-1], eig[0]
        ev = "la plus grande valeur propre L = λ_max de H (`np.linalg.eigvalsh(H)` les range " \
             "par ordre croissant)"
        return [
            _Variant(f"Votre fonction renvoie {H.shape[0]} nombres (les valeurs propres ?) : le "
                     "seuil est un seul nombre, 2/L avec L la plus grande valeur propre.",
                     test=lambda got, case: got.shape == (H.shape[0],) and H.shape[0] > 1,
                     key="eigvals"),
            _Variant(f"Vous avez utilisé la plus petite valeur propre μ : c'est {ev} qui fixe "
                     "le seuil, car c'est dans sa direction que |1 − ηλ| dépasse 1 en premier.",
                     compute=lambda case: 2.0 / mu),
            _Variant(f"Votre seuil vaut la moitié du bon : c'est 2/L, et non 1/L, avec {ev} "
                     "(il faut |1 − ηL| < 1, soit η < 2/L).", compute=lambda case: 1.0 / L),
            _Variant(f"Vous avez utilisé 1/μ : le seuil est 2/L, avec {ev}.",
                     compute=lambda case: 1.0 / mu),
            _Variant("Vous avez utilisé la trace de H (la somme des valeurs propres) : le seuil "
                     f"dépend seulement de {ev} ; calculez-la avec `np.linalg.eigvalsh`.",
                     compute=lambda case: 2.0 / np.trace(H)),
            _Variant("Vous avez utilisé la trace de H : le seuil est 2/L, avec "
                     f"{ev}.", compute=lambda case: 1.0 / np.trace(H)),
            _Variant("Vous avez calculé le **meilleur pas** constant 2/(L + μ), pas le seuil "
                     "de stabilité 2/L (au-delà duquel la descente diverge).",
                     compute=lambda case: F.optimal_step),
            _Variant(f"Votre fonction renvoie L lui-même : le seuil est 2/L, avec {ev}.",
                     compute=lambda case: L),
            _Variant("Vous avez utilisé le plus grand coefficient de la matrice H, pas sa plus "
                     f"grande valeur propre : le seuil est 2/L, avec {ev}.",
                     compute=lambda case: 2.0 / np.max(np.abs(H))),
        ]


# ------------------------------------------------------------------------------------- 2.3
class _ConditionNumber(_Exercise):
    id, chapter, name = "2.3", 2, "conditionnement"
    params = ("H",)
    quantity = "le conditionnement κ = L/μ"
    kind = "scalar"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 7, 4)
        out = []
        for label, H, course in (
            ("la hessienne H des données du cours", LeastSquares(X, y).hessian(), True),
            ("une matrice 4 × 4 tirée au hasard (d = 4)", LeastSquares(Xr, yr).hessian(),
             False),
            ("la cuvette inclinée H = [[5,5 ; 4,5], [4,5 ; 5,5]] (valeurs propres 1 et 10)",
             np.array([[5.5, 4.5], [4.5, 5.5]]), False),
            ("une matrice 1 × 1, H = [[2,5]] (d = 1)", np.array([[2.5]]), False),
        ):
            out.append(_Case(label, lambda H=H: ((H.copy(),), {}), course=course,
                             data=dict(H=H)))
        return out

    def expected(self, case):
        eig = np.linalg.eigvalsh(case.data["H"])
        return eig[-1] / eig[0]

    def variants(self, case):
        H = case.data["H"]
        eig = np.linalg.eigvalsh(H)
        L, mu = eig[-1], eig[0]
        d = H.shape[0]
        ev = ("L et μ sont la plus grande et la plus petite valeur propre de H "
              "(`np.linalg.eigvalsh(H)` les range par ordre croissant)")
        out = [
            _Variant(f"Votre fonction renvoie {d} nombres (les valeurs propres ?) : le "
                     f"conditionnement est un seul nombre, κ = L/μ, où {ev}.",
                     test=lambda got, case: got.shape == (d,) and d > 1, key="eigvals"),
            _Variant("Votre résultat vaut 1/κ : vous avez divisé la plus petite valeur propre par "
                     f"la plus grande. C'est κ = L/μ ≥ 1, où {ev} ; attention, "
                     "`np.linalg.eig` ne les range pas dans l'ordre.",
                     compute=lambda case: mu / L, key="inverse"),
            _Variant(f"Votre résultat est la différence L − μ : le conditionnement est un "
                     f"**rapport**, κ = L/μ, où {ev}.", compute=lambda case: L - mu,
                     key="difference"),
            _Variant("Vous avez calculé le facteur de contraction (L − μ)/(L + μ) de la descente "
                     "au meilleur pas, pas le conditionnement : κ = L/μ (le facteur vaut "
                     "(κ − 1)/(κ + 1)).", compute=lambda case: (L - mu) / (L + mu),
                     key="factor"),
            _Variant("Votre résultat est la racine carrée du bon : κ = L/μ est le rapport des "
                     "valeurs propres elles-mêmes, sans racine.",
                     compute=lambda case: np.sqrt(L / mu), key="sqrt"),
            _Variant("Votre résultat est le carré du bon : κ = L/μ, sans carré.",
                     compute=lambda case: (L / mu) ** 2, key="square"),
        ]
        diag = np.diag(H)
        if d > 1 and not np.isclose(diag.max() / diag.min(), L / mu):
            out.append(_Variant(
                "Vous avez divisé le plus grand coefficient de la **diagonale** de H par le plus "
                "petit : ce sont les courbures le long des axes w₁, w₂…, pas le long des "
                f"directions propres. Il faut les valeurs propres : {ev}.",
                compute=lambda case: diag.max() / diag.min(), key="diagonal"))
        return out
