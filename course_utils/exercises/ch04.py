"""Chapitre 4 (momentum) : 4.1 la descente stochastique avec momentum, 4.2 la boule
pesante."""

from __future__ import annotations

import numpy as np

from ..datasets import linear_example
from ..french import point
from ..objectives import LeastSquares
from ..optimizers import heavy_ball, sgd, sgd_momentum
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
from .ch03 import _StochasticDescent, _sgd_variant


# ------------------------------------------------------------------------------------- 4.1
class _Momentum(_StochasticDescent):
    id, chapter, name = "4.1", 4, "descente_momentum"
    params = ("X", "y", "w0", "eta", "alpha", "T", "indices")

    def _setups(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 5, 3)
        w0r = (rng.normal(size=3) * 3).round(1)
        return [
            ("le problème du cours (w0 = (−7 ; 7), η = 0,1, α = 0,7, T = 50, indices de la "
             "graine 0)", X, y, np.array([-7.0, 7.0]), 0.1, 0.7, 50, 0, True),
            (f"des données tirées au hasard ({_sizes(Xr)}), w0 = {point(w0r)}, η = 0,1, "
             "α = 0,5, T = 12", Xr, yr, w0r, 0.1, 0.5, 12, 3, False),
            ("T = 0 (aucune itération : la trajectoire ne contient que z_0 = w0), "
             "avec les données du cours", X, y, np.array([-7.0, 7.0]), 0.1, 0.7, 0, 0, False),
            ("un seul exemple (n = 1 : x_1 = (0 ; −1), y_1 = 3), w0 = (1 ; 1), η = 0,2, "
             "α = 0,6, T = 6", X[1:2], y[1:2], np.array([1.0, 1.0]), 0.2, 0.6, 6, 1, False),
        ]

    def expected(self, case):
        d = case.data
        return sgd_momentum(d["F"], d["w0"], d["eta"], d["alpha"], d["T"], seed=d["seed"])

    def variants(self, case):
        d = case.data
        F, w0, eta, alpha, T, idx = (d["F"], d["w0"], d["eta"], d["alpha"], d["T"],
                                     d["indices"])
        out = self._common(case, alpha)
        out[3:3] = [
            _Variant("Votre trajectoire s'éloigne (elle monte) : la vitesse "
                     "v_t = α v_{t−1} − (η/√t) ∇F_i(z_{t−1}) contient déjà le signe moins, il "
                     "faut donc **ajouter** la vitesse : z_t = z_{t−1} + v_t.",
                     compute=lambda case: _sgd_variant(F, w0, eta, T, idx, alpha=alpha,
                                                       climb=True)),
            _Variant("Votre trajectoire est celle de la SGD sans momentum : la vitesse n'est pas "
                     "conservée d'une étape à l'autre. Créez v une seule fois, v_0 = 0, avant la "
                     "boucle, puis mettez-la à jour à chaque étape : v = α v − (η/√t) ∇F_i.",
                     compute=lambda case: sgd(F, w0, eta, T, seed=d["seed"])),
        ]
        return out


# ------------------------------------------------------------------------------------- 4.2
def _heavy_ball_variant(F, w0, eta, alpha, T, *, climb=False, carry=True, order="v-then-z",
                        decreasing=False, at_start=False, alpha_both=False):
    """Les erreurs habituelles de la boule pesante (gradient complet, pas constant)."""
    z = np.array(w0, dtype=float)
    v = np.zeros_like(z)
    Z = [z.copy()]
    for t in range(1, T + 1):
        g = F.grad(w0 if at_start else z)
        step = eta / np.sqrt(t) if decreasing else eta
        if order == "z-then-v":  # le déplacement avec l'ancienne vitesse
            z = z + v
            v = alpha * v - step * g
        else:
            if not carry:
                v = np.zeros_like(z)
            v = alpha * (v - step * g) if alpha_both else alpha * v - step * g
            z = z - v if climb else z + v
        Z.append(z.copy())
    return np.array(Z)


class _HeavyBall(_Exercise):
    id, chapter, name = "4.2", 4, "boule_pesante"
    params = ("grad", "w0", "eta", "alpha", "T")
    quantity = "z_t"
    kind = "trajectory"

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 6, 3)
        w0r = (rng.normal(size=3) * 3).round(1)
        X1, y1 = _random_data(rng, 4, 1)
        out = []
        for label, (Xc, yc), w0, eta, alpha, T, course in (
            ("le problème du cours (w0 = (−7 ; 7), η = 0,3, α = 0,5, T = 30)", (X, y),
             np.array([-7.0, 7.0]), 0.3, 0.5, 30, True),
            (f"des données tirées au hasard ({_sizes(Xr)}), w0 = {point(w0r)}, η = 0,2, "
             "α = 0,7, T = 9", (Xr, yr), w0r, 0.2, 0.7, 9, False),
            ("T = 0 (aucune itération : la trajectoire ne contient que z_0 = w0), "
             "avec les données du cours et w0 = (−7 ; 7)",
             (X, y), np.array([-7.0, 7.0]), 0.3, 0.5, 0, False),
            (f"une seule dimension ({_sizes(X1)}), w0 = {point([2.0])}, η = 0,3, α = 0,4, "
             "T = 6", (X1, y1), np.array([2.0]), 0.3, 0.4, 6, False),
        ):
            F = LeastSquares(Xc, yc)
            out.append(_Case(label, lambda F=F, w0=w0, eta=eta, alpha=alpha, T=T: (
                (F.grad, w0.copy(), eta, alpha, T), {}), course=course,
                data=dict(F=F, w0=w0, eta=eta, alpha=alpha, T=T)))
        return out

    def expected(self, case):
        d = case.data
        return heavy_ball(d["F"], d["w0"], d["eta"], d["alpha"], d["T"])

    def variants(self, case):
        d = case.data
        args = (d["F"], d["w0"], d["eta"], d["alpha"], d["T"])

        def run(**kw):
            return lambda case: _heavy_ball_variant(*args, **kw)

        return [
            _t_points_variant(d["T"]),
            _same_rows_variant(),
            _Variant("Votre trajectoire s'éloigne (elle monte) : la vitesse "
                     "v_t = α v_{t−1} − η ∇F(z_{t−1}) contient déjà le signe moins, il faut "
                     "donc **ajouter** la vitesse : z_t = z_{t−1} + v_t.", compute=run(climb=True)),
            _Variant("Votre trajectoire est celle de la descente de gradient du chapitre 2 : la "
                     "vitesse n'est pas conservée d'une itération à l'autre. Créez v une seule "
                     "fois, v_0 = 0, avant la boucle, puis v = α v − η ∇F(z).",
                     compute=run(carry=False), key="no-carry"),
            _Variant("Vous déplacez z avec l'**ancienne** vitesse avant de la mettre à jour : "
                     "calculez d'abord v_t = α v_{t−1} − η ∇F(z_{t−1}), puis "
                     "z_t = z_{t−1} + v_t (la nouvelle vitesse).",
                     compute=run(order="z-then-v")),
            _Variant("Votre pas décroît comme η/√t, comme la SGD avec momentum du début du "
                     "chapitre : la boule pesante garde un pas **constant** η.",
                     compute=run(decreasing=True)),
            _Variant("Le gradient doit être recalculé au point courant à chaque itération : "
                     "∇F(z_{t−1}), et non ∇F(w0) au départ.", compute=run(at_start=True)),
            _Variant("Votre α multiplie aussi le gradient : v_t = α v_{t−1} − η ∇F(z_{t−1}) ; "
                     "seule l'ancienne vitesse est multipliée par α.",
                     compute=run(alpha_both=True)),
        ]

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[1], case.data["w0"])
