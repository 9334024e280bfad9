"""Une fonction quadratique quelconque, :math:`F(w) = \\frac12 (w - w^*)^\\top H (w - w^*)` :
le modèle de toute fonction deux fois dérivable près d'un minimum (conditionnement, pas
optimal, momentum). Elle n'a pas d'exemples : seulement ``value``, ``grad`` et ``hessian``.

Elle partage l'interface de :class:`course_utils.objectives.Objective` (et s'importe aussi
depuis :mod:`course_utils`).
"""

import numpy as np

from ._checks import (
    _shown,
    as_float_array,
    check_positive,
    check_real,
)
from .objectives import Objective, _condition_number

__all__ = ["Quadratic"]


_NO_EXAMPLES = (
    "Le paramètre objective est une fonction quadratique (Quadratic) : elle n'a pas "
    "d'exemples (x_i, y_i), donc ni objectif partiel F_i, ni gradient partiel ∇F_i, ni "
    "prédictions. La descente stochastique (sgd, sgd_momentum, run(..., stochastic=True)) "
    "en a besoin ; utilisez une méthode déterministe : gradient_descent, heavy_ball ou "
    "run(..., stochastic=False)."
)


class Quadratic(Objective):
    """Une fonction quadratique :math:`F(w) = \\frac12 (w - w^*)^\\top H\\, (w - w^*)`.

    C'est le modèle de toute fonction deux fois dérivable près d'un minimum : la hessienne
    :math:`H` est constante et ses valeurs propres, de :math:`\\mu` (la plus petite) à
    :math:`L` (la plus grande), décident de tout. Le minimum vaut :math:`F(w^*) = 0`.

    Paramètres
    ----------
    H : tableau de forme ``(d, d)``
        Une matrice symétrique semi-définie positive (toutes ses valeurs propres ≥ 0), non
        nulle.
    w_star : tableau de forme ``(d,)`` ou None
        Le minimiseur :math:`w^*` (par défaut, l'origine).

    Attributs : ``d``, ``H``, ``w_star``, ``L``, ``mu``, ``condition_number``
    (:math:`\\kappa = L/\\mu`), ``stability_threshold`` (:math:`2/L`), ``optimal_step``
    (:math:`2/(L+\\mu)`), ``default_region`` (le carré de demi-côté 3 centré en
    :math:`w^*`), ``name``.

    ``value``, ``grad`` et ``hessian`` sont vectorisés comme ceux des autres objectifs ; une
    fonction quadratique n'a pas d'exemples : ``n``, ``value_i``, ``grad_i`` et ``predict``
    lèvent une erreur qui l'explique (la descente stochastique ne s'applique pas).
    """

    def __init__(self, H, w_star=None):
        H = as_float_array("H", H)
        if H.ndim != 2 or H.shape[0] != H.shape[1] or H.shape[0] == 0:
            raise ValueError(
                "Le paramètre H doit être une matrice carrée (tableau 2-D de forme (d, d)) ; "
                f"reçu un tableau de forme {H.shape}."
            )
        if not np.all(np.isfinite(H)):
            raise ValueError(
                "Le paramètre H contient des valeurs non finies (NaN ou infini) : "
                f"{_shown(H.tolist())}."
            )
        scale = float(np.max(np.abs(H)))
        if scale == 0:
            raise ValueError(
                "Le paramètre H ne doit pas être nul : la fonction F serait constante "
                f"(hessienne nulle) ; valeur reçue : {_shown(H.tolist())}."
            )
        if not np.allclose(H, H.T, rtol=0.0, atol=1e-12 * scale):
            raise ValueError(
                "Le paramètre H doit être symétrique (H[i, j] = H[j, i]) ; valeur reçue : "
                f"{_shown(H.tolist())}."
            )
        H = 0.5 * (H + H.T)
        eig = np.linalg.eigvalsh(H)
        if eig[0] < -1e-12 * scale:
            raise ValueError(
                "Le paramètre H doit être semi-défini positif (toutes ses valeurs propres "
                f"≥ 0, sinon F n'a pas de minimum) ; sa plus petite valeur propre vaut "
                f"{eig[0]:.6g} pour H = {_shown(H.tolist())}."
            )
        self.d = H.shape[0]
        if w_star is None:
            w_star = np.zeros(self.d)
        w_star = as_float_array("w_star", w_star)
        if w_star.shape != (self.d,) or not np.all(np.isfinite(w_star)):
            raise ValueError(
                f"Le paramètre w_star doit être un point fini de forme ({self.d},), comme les "
                f"lignes de H ; valeur reçue : {_shown(w_star.tolist())} (forme {w_star.shape})."
            )
        H.setflags(write=False)
        w_star.setflags(write=False)
        self.H = H
        self.w_star = w_star
        self.L = float(eig[-1])
        self.mu = float(max(eig[0], 0.0))
        self.stability_threshold = 2.0 / self.L
        self.optimal_step = 2.0 / (self.L + self.mu)
        c1, c2 = (float(w_star[0]), float(w_star[1])) if self.d == 2 else (0.0, 0.0)
        self.default_region = (c1 - 3.0, c1 + 3.0, c2 - 3.0, c2 + 3.0)
        from .french import number  # (la virgule décimale ; french importe matplotlib)

        self.name = f"quadratique (κ = {number(self.condition_number, 3)})"

    @classmethod
    def from_condition_number(cls, kappa, L=1.0, angle=0.0, w_star=None):
        """Une cuvette quadratique à deux paramètres de conditionnement κ donné.

        La hessienne a pour valeurs propres :math:`L` et :math:`\\mu = L/\\kappa` : κ = 1 donne
        une cuvette ronde ; plus κ est grand, plus la cuvette s'étire en une vallée étroite.
        La vallée (la direction de plus faible courbure µ) fait l'angle ``angle`` avec l'axe
        des :math:`w_1`.

        Paramètres
        ----------
        kappa : nombre réel ≥ 1
            Le conditionnement :math:`\\kappa = L/\\mu`.
        L : nombre réel > 0
            La plus grande valeur propre (la courbure la plus forte), 1 par défaut.
        angle : nombre réel
            L'angle de la vallée avec l'axe des :math:`w_1`, en radians (0 par défaut : la
            vallée est horizontale ; ``np.pi / 4`` : le long de la diagonale).
        w_star : tableau de forme ``(2,)`` ou None
            Le minimiseur (par défaut, l'origine).

        Renvoie
        -------
        Quadratic : :math:`H = R \\operatorname{diag}(\\mu, L) R^\\top`, où :math:`R` est la
        rotation d'angle ``angle``.
        """
        kappa = check_real("kappa", kappa)
        if not (np.isfinite(kappa) and kappa >= 1):
            raise ValueError(
                "Le paramètre kappa doit être un nombre fini au moins égal à 1 "
                f"(κ = L/µ ≥ 1) ; valeur reçue : {_shown(kappa)}."
            )
        L = check_positive("L", L)
        angle = check_real("angle", angle)
        if not np.isfinite(angle):
            raise ValueError(
                f"Le paramètre angle doit être un nombre fini (en radians) ; valeur reçue : "
                f"{_shown(angle)}."
            )
        c, s = np.cos(angle), np.sin(angle)
        R = np.array([[c, -s], [s, c]])
        H = R @ np.diag([L / kappa, L]) @ R.T
        return cls(0.5 * (H + H.T), w_star)

    @property
    def condition_number(self):
        """Le conditionnement :math:`\\kappa = L/\\mu` (``inf`` si :math:`\\mu = 0`)."""
        return _condition_number(self.L, self.mu)

    @property
    def n(self):
        """Une fonction quadratique n'a pas d'exemples : lève une erreur qui l'explique."""
        raise TypeError(_NO_EXAMPLES)

    def _offset(self, w):
        return self._point(w) - self.w_star

    # Produits et sommes écrits terme à terme, sans BLAS ni einsum : ``e @ H`` passe par BLAS,
    # qui fusionne multiplications et additions (FMA) selon le processeur ; ici, les mêmes
    # arrondis partout (et dans le miroir JavaScript de la figure web, au bit près).
    def _h_times(self, e):
        """:math:`H e` (H est symétrique) : :math:`\\sum_i e_i H_{ij}`, dans l'ordre des i."""
        return np.sum(e[..., :, None] * self.H, axis=-2)

    def value(self, w):
        """:math:`F(w) = \\frac12 (w - w^*)^\\top H (w - w^*)`, de forme ``(...)`` pour ``w``
        de forme ``(..., d)``."""
        e = self._offset(w)
        with np.errstate(over="ignore", invalid="ignore"):
            return 0.5 * np.sum(e * self._h_times(e), axis=-1)

    def grad(self, w):
        """:math:`\\nabla F(w) = H (w - w^*)`, de forme ``(..., d)``."""
        e = self._offset(w)
        with np.errstate(over="ignore", invalid="ignore"):
            return self._h_times(e)

    def hessian(self, w=None):
        """La hessienne :math:`H` (constante) : de forme ``(d, d)`` sans ``w``, de forme
        ``(..., d, d)`` pour ``w`` de forme ``(..., d)``."""
        if w is None:
            return self.H
        w = self._point(w)
        return np.broadcast_to(self.H, w.shape[:-1] + self.H.shape)

    def minimizer(self):
        """Le minimiseur :math:`w^*` (un minimiseur parmi d'autres si :math:`\\mu = 0`)."""
        return self.w_star.copy()

    def _model(self, w, x):
        raise TypeError(_NO_EXAMPLES)

    def _model_grad(self, w, x):
        raise TypeError(_NO_EXAMPLES)

    def predict(self, w, X=None):
        """Sans objet : une fonction quadratique n'a pas de modèle ni d'exemples."""
        raise TypeError(_NO_EXAMPLES)

    def residuals(self, w):
        """Sans objet : une fonction quadratique n'a pas d'exemples."""
        raise TypeError(_NO_EXAMPLES)

    def value_i(self, w, i):
        """Sans objet : une fonction quadratique n'a pas d'objectifs partiels :math:`F_i`."""
        raise TypeError(_NO_EXAMPLES)

    def grad_i(self, w, i):
        """Sans objet : une fonction quadratique n'a pas de gradients partiels."""
        raise TypeError(_NO_EXAMPLES)

    def __repr__(self):
        return f"Quadratic(H={self.H.tolist()!r}, w_star={self.w_star.tolist()!r})"
