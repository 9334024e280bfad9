"""Chapitre 7 (mini-lots) : 7.1 une époque de descente par mini-lots."""

from __future__ import annotations

import numpy as np

from ..datasets import diabetes, standardize, train_validation_split, with_bias_column
from ..french import point
from ..minibatch import batch_order, minibatch_sgd
from ..objectives import LeastSquares
from ._engine import (
    _Case,
    _Exercise,
    _Variant,
    _random_data,
    _rng,
    _same_rows_variant,
    _sizes,
    _trajectory_checks,
)


# ------------------------------------------------------------------------------------- 7.1
def _epoch_variant(X, y, w, eta, b, order, *, divide="batch", shuffled=True, last=True,
                   frozen=False, climb=False, two=True):
    """Une époque de SGD par mini-lots avec une erreur habituelle, sur les mêmes entrées.

    divide : "batch" (la vraie taille du lot), "sum" (pas de division), "b" (toujours
    taille_lot) ou "n" (le nombre total d'exemples) ; shuffled : suivre ``order`` (sinon les
    lignes 0, 1, 2…) ; last : garder le dernier lot, plus petit ; frozen : chaque gradient pris
    au point w du début de l'époque ; climb : monter au lieu de descendre ; two : le facteur 2."""
    n = len(y)
    rows = np.asarray(order) if shuffled else np.arange(n)
    z0 = np.array(w, dtype=float)
    z, Z = z0, [z0]
    for k in range(0, n, b):
        lot = rows[k:k + b]
        if not last and len(lot) < b:
            break
        at = z0 if frozen else z
        r = X[lot] @ at - y[lot]
        size = {"batch": len(lot), "sum": 1, "b": b, "n": n}[divide]
        g = ((2.0 if two else 1.0) / size) * (r @ X[lot])
        z = z + eta * g if climb else z - eta * g
        Z.append(z)
    return np.array(Z)


def _chapter_7_data():
    """Les données du chapitre 7 : le jeu « diabète », séparé (graine 0), standardisé avec les
    statistiques de l'entraînement, précédé de la colonne de 1 (le biais)."""
    X, y = diabetes()
    X_train, _, y_train, _ = train_validation_split(X, y, validation=0.2, seed=0)
    return with_bias_column(standardize(X_train)[0]), y_train


class _MiniBatchEpoch(_Exercise):
    id, chapter, name = "7.1", 7, "epoque_mini_lots"
    params = ("X", "y", "w", "eta", "taille_lot", "ordre")
    quantity = "z_t"
    kind = "trajectory"
    start = "w"
    course_sizes = "n = 354, d = 11, taille_lot = 32"

    def cases(self):
        Xc, yc = _chapter_7_data()
        rng = _rng(self.id)
        Xr, yr = _random_data(rng, 10, 3)
        wr = rng.normal(size=3).round(1)
        X1, y1 = _random_data(rng, 5, 2)
        Xf, yf = _random_data(rng, 12, 4)
        wf = rng.normal(size=4).round(1)
        setups = [
            ("les données du chapitre (n = 354 patients, d = 11), w = 0, η = 0,01, "
             "taille_lot = 32 (11 lots de 32, puis un de 2), l'ordre de la graine 0",
             Xc, yc, np.zeros(11), 0.01, 32, 0, True),
            ("les données du chapitre, au point w où s'arrête la première époque, η = 0,05, "
             "taille_lot = 100 (3 lots de 100, puis un de 54), l'ordre de la graine 1",
             Xc, yc, None, 0.05, 100, 1, False),
            (f"des données tirées au hasard ({_sizes(Xr)}), w = {point(wr)}, η = 0,1, "
             "taille_lot = 4 (deux lots de 4, puis un de 2)", Xr, yr, wr, 0.1, 4, 3, False),
            (f"taille_lot = 1, la SGD du chapitre 3 ({_sizes(X1)}), w = (0 ; 0), η = 0,05",
             X1, y1, np.zeros(2), 0.05, 1, 4, False),
            (f"des lots qui tombent juste ({_sizes(Xf)}, taille_lot = 4 : trois lots de 4), "
             f"w = {point(wf)}, η = 0,1", Xf, yf, wf, 0.1, 4, 5, False),
            (f"un seul lot, taille_lot = n (la descente de gradient : {_sizes(Xr)}), "
             f"w = {point(wr)}, η = 0,1", Xr, yr, wr, 0.1, 10, 6, False),
        ]
        first_epoch_end = None
        out = []
        for label, Xs, ys, w, eta, b, seed, course in setups:
            F = LeastSquares(Xs, ys)
            if w is None:  # le point atteint après la première époque du premier essai
                w = first_epoch_end
            order = batch_order(F.n, 1, F.n, seed=seed)[0]  # la permutation de l'époque
            if first_epoch_end is None:
                first_epoch_end = minibatch_sgd(F, w, eta, 1, b, seed=seed)[-1]
            out.append(_Case(label, lambda Xs=Xs, ys=ys, w=w, eta=eta, b=b, order=order: (
                (Xs.copy(), ys.copy(), w.copy(), eta, b, order.copy()), {}), course=course,
                data=dict(F=F, X=Xs, y=ys, w=w, eta=eta, b=b, seed=seed, order=order)))
        return out

    def expected(self, case):
        d = case.data
        # la première époque de minibatch_sgd avec la même graine suit exactement cet ordre
        return minibatch_sgd(d["F"], d["w"], d["eta"], 1, d["b"], seed=d["seed"])

    def variants(self, case):
        d = case.data
        X, y, w, eta, b, order = d["X"], d["y"], d["w"], d["eta"], d["b"], d["order"]
        n = len(y)
        lots = -(-n // b)
        rest = n - (lots - 1) * b

        def v(hint, key=None, **kw):
            return _Variant(hint, compute=lambda case: _epoch_variant(X, y, w, eta, b, order,
                                                                      **kw), key=key)

        out = [
            _Variant(f"Votre tableau a {lots} ligne{'s' if lots > 1 else ''} au lieu de "
                     f"{lots + 1} : il commence par le point de départ z_0 = w, puis un point "
                     f"après chacun des ⌈n/b⌉ = {lots} lots.",
                     compute=lambda case: self.expected(case)[1:], key="no-start"),
            _same_rows_variant(),
            v("Le gradient d'un lot est la **moyenne** des gradients de ses exemples, "
              "(2/b) Σ (w·x_i − y_i) x_i : vous avez fait leur somme ; divisez par le nombre "
              "d'exemples du lot, `len(lot)`.", divide="sum", key="sum"),
            v(f"Vous divisez par n = {n}, le nombre de **tous** les exemples : le gradient d'un "
              "lot est la moyenne sur les exemples **du lot**, divisée par leur nombre, "
              "`len(lot)`.", divide="n", key="divide-n"),
            v("Vous avez pris les exemples dans l'ordre des lignes (0, 1, 2…) : les lots se "
              "prennent dans l'ordre donné, `lot = ordre[k:k + taille_lot]`, puis les lignes "
              "`X[lot]` et les cibles `y[lot]`.", shuffled=False, key="order"),
            v("Le gradient de chaque lot doit être calculé au point courant z (celui qu'a "
              "donné le lot précédent), et non au point w du début de l'époque.", frozen=True,
              key="frozen"),
            v("Votre trajectoire monte : à chaque itération, il faut aller **contre** le "
              "gradient du lot, z ← z − η g (avec un signe moins).", climb=True, key="climb"),
            v("Votre gradient vaut la moitié du bon : avez-vous oublié le facteur 2 qui vient "
              "de la dérivée du carré ? g = (2/b) Σ (w·x_i − y_i) x_i.", two=False, key="two"),
        ]
        if rest < b:  # le dernier lot est plus petit : deux erreurs de plus à reconnaître
            out[1:1] = [
                v(f"Le dernier lot, plus petit, a été oublié : n = {n} n'est pas un multiple de "
                  f"taille_lot = {b}, il reste {rest} exemple{'s' if rest > 1 else ''} après "
                  f"{lots - 1} lots complets. Une époque passe sur **tous** les exemples : "
                  f"⌈n/b⌉ = {lots} lots (`range(0, n, taille_lot)` donne le début de chacun).",
                  last=False, key="drop-last"),
                v(f"Le dernier lot n'a que {rest} exemple{'s' if rest > 1 else ''} : sa moyenne "
                  f"se divise par sa vraie taille, `len(lot)`, et non par taille_lot = {b}.",
                  divide="b", key="last-by-b"),
            ]
        out.append(_Variant(
            f"Votre tableau a {lots + 2} lignes au lieu de {lots + 1} : votre boucle fait un "
            f"lot de trop (vide). Il y a ⌈n/b⌉ = {lots} lots, qui commencent aux positions "
            "`range(0, n, taille_lot)`.",
            test=lambda got, case: got.ndim >= 1 and got.shape[0] == lots + 2, key="extra"))
        if b > 1:
            out.append(_Variant(
                f"Votre tableau a {n + 1} lignes : votre boucle avance d'un exemple à la fois. "
                f"Les lots ne se chevauchent pas : ils commencent tous les taille_lot = {b} "
                "exemples, `range(0, n, taille_lot)`.",
                test=lambda got, case: got.ndim >= 1 and got.shape[0] == n + 1, key="by-one"))
        return out

    def exception_hint(self, exc, case):
        if isinstance(exc, IndexError):
            return ("Les lots se prennent dans `ordre` : `lot = ordre[k:k + taille_lot]` (une "
                    "tranche ne déborde jamais, même pour le dernier lot, plus court), puis "
                    "`X[lot]`, `y[lot]`.")
        if isinstance(exc, ZeroDivisionError):
            return ("Un lot vide (0 exemple) : votre boucle fait un lot de trop. Les lots "
                    "commencent aux positions `range(0, n, taille_lot)`, sans aller jusqu'à n.")
        return None

    def direct_checks(self, result, args, kwargs, case):
        return _trajectory_checks(result, args[2], case.data["w"], name="w")
