"""Chapitre 1 (régression linéaire) : 1.1 l'objectif, 1.2 son gradient."""

from __future__ import annotations

import numpy as np

from ..datasets import linear_example
from ..french import number, point
from ..objectives import LeastSquares
from ._engine import (
    _COURSE_N,
    _Case,
    _Exercise,
    _Variant,
    _factor_variants,
    _per_weight_hint,
    _random_data,
    _rng,
    _shape,
    _sizes,
)


# ------------------------------------------------------------------------------------- 1.1
class _Objective(_Exercise):
    id, chapter, name = "1.1", 1, "objectif"
    params = ("w", "X", "y")
    quantity = "F(w)"
    kind = "scalar"
    broadcast_advice = (" Les n produits scalaires w·x_i s'écrivent d'un coup `X @ w` (`X * w` "
                        "multiplie case par case).")

    def cases(self):
        X, y = linear_example()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 5, 3)
        wr = rng.normal(size=3).round(2)
        X1, y1 = X[2:3], y[2:3]
        w1 = np.array([0.5, -1.0])
        return [
            _Case("les données du cours et w = (0 ; 0)",
                  lambda: ((np.zeros(2), *linear_example()), {}), course=True,
                  data=dict(X=X, y=y, w=np.zeros(2))),
            _Case("les données du cours et w = (−7 ; 7)",
                  lambda: ((np.array([-7.0, 7.0]), *linear_example()), {}), course=True,
                  data=dict(X=X, y=y, w=np.array([-7.0, 7.0]))),
            _Case(f"des données tirées au hasard ({_sizes(Xr)}) et w = {point(wr)}",
                  lambda: ((wr.copy(), Xr.copy(), yr.copy()), {}), data=dict(X=Xr, y=yr, w=wr)),
            _Case(f"un seul exemple (n = 1 : x_1 = {point(X1[0])}, y_1 = {number(y1[0])}) "
                  f"et w = {point(w1)}",
                  lambda: ((w1.copy(), X1.copy(), y1.copy()), {}), data=dict(X=X1, y=y1, w=w1)),
        ]

    def expected(self, case):
        d = case.data
        return LeastSquares(d["X"], d["y"]).value(d["w"])

    def variants(self, case):
        d = case.data
        F = LeastSquares(d["X"], d["y"])
        n = F.n
        r = F.residuals(d["w"])
        square = "avez-vous oublié d'élever les écarts au carré ? F(w) = (1/n) Σ (w·x_i − y_i)²."
        out = [
            _Variant("Votre fonction renvoie un nombre par exemple (forme "
                     f"{_shape((n,))}) : F(w) est un seul nombre, la **moyenne** des carrés "
                     "des écarts (`np.mean`).",
                     test=lambda got, case: got.shape == (n,), key="per-example"),
            _Variant("Votre résultat est la racine carrée du bon : F(w) est la moyenne des "
                     "carrés des écarts, sans racine.",
                     compute=lambda case: np.sqrt(F.value(d["w"]))),
            _Variant(f"Votre résultat est la moyenne des écarts, pas de leurs carrés : {square}",
                     compute=lambda case: np.mean(r)),
            _Variant("Votre résultat est la moyenne des écarts en valeur absolue, pas de leurs "
                     f"carrés : {square}", compute=lambda case: np.mean(np.abs(r))),
            _Variant(f"Votre résultat est la somme des écarts : {square} Et c'est une moyenne : "
                     "divisez par n.", compute=lambda case: np.sum(r)),
            _Variant(f"Votre résultat est la somme des écarts en valeur absolue : {square} Et "
                     "c'est une moyenne : divisez par n.",
                     compute=lambda case: np.sum(np.abs(r))),
            _Variant("Vous avez élevé au carré la **moyenne** des écarts : F(w) est la moyenne "
                     "de leurs **carrés**, (1/n) Σ (w·x_i − y_i)². Le `**2` doit porter sur les "
                     "écarts, à l'intérieur de la moyenne : `np.mean((X @ w - y) ** 2)`.",
                     compute=lambda case: np.mean(r) ** 2, key="square-of-mean"),
            _Variant("Votre résultat vaut exactement la moitié du bon : F(w) = (1/n) Σ "
                     "(w·x_i − y_i)², sans facteur ½ devant.",
                     compute=lambda case: F.value(d["w"]) / 2, key="half"),
        ]
        dim = d["X"].shape[1]
        if dim not in (n, _COURSE_N):
            out.append(_Variant(_per_weight_hint(n, dim), key="div-d",
                                compute=lambda case: n * F.value(d["w"]) / dim))
        if n > 1:
            out.insert(1, _Variant(
                f"Votre résultat vaut exactement n fois le bon (n = {n} ici) : vous avez fait "
                "la somme des carrés des écarts ; F(w) est leur **moyenne** : divisez par n "
                "(ou utilisez `np.mean`).", compute=lambda case: n * F.value(d["w"]),
                key="sum-squares"))
        return out


# ------------------------------------------------------------------------------------- 1.2
class _Gradient(_Objective):
    id, chapter, name = "1.2", 1, "gradient"
    quantity = "∇F(w)"
    kind = "vector"
    broadcast_advice = (" Pour multiplier chaque ligne x_i de X par son écart r_i (r de forme "
                        "(n,)), écrivez `r[:, None] * X` ; ou faites la somme d'un coup : "
                        "`X.T @ r`.")

    def expected(self, case):
        d = case.data
        return LeastSquares(d["X"], d["y"]).grad(d["w"])

    def variants(self, case):
        d = case.data
        n, dim = d["X"].shape
        per_example = ("une ligne par exemple. Il reste à additionner ces lignes (somme sur "
                       "l'axe des exemples, `axis=0`) et à diviser par n : ∇F(w) a d "
                       "composantes.")
        out = [
            _Variant(f"Votre fonction renvoie un tableau de forme (n, d) = {_shape((n, dim))} : "
                     + per_example,
                     test=lambda got, case: got.shape == (n, dim) and n != dim, key="shape-nd"),
            _Variant(f"Votre fonction renvoie un tableau de forme (d, n) = {_shape((dim, n))} : "
                     "une colonne par exemple. Il reste à les additionner (`axis=1`) et à "
                     "diviser par n : ∇F(w) a d composantes.",
                     test=lambda got, case: got.shape == (dim, n) and n != dim, key="shape-dn"),
            _Variant(f"Votre fonction renvoie n = {n} nombres (les écarts w·x_i − y_i ?) : "
                     f"∇F(w) est un vecteur de d = {dim} composantes, (2/n) Σ (w·x_i − y_i) x_i.",
                     test=lambda got, case: got.shape == (n,) and n != dim, key="shape-n"),
        ]
        if dim not in (n, _COURSE_N):
            out.append(_Variant(_per_weight_hint(n, dim), key="div-d",
                                compute=lambda case: n / dim * self.expected(case)))
        return out + _factor_variants(self.expected, n)
