"""Fonctions objectif du cours, évaluées d'un seul appel sur tout un lot de points.

Les objectifs partagent la même interface :

- ``value(w)`` et ``grad(w)`` : :math:`F(w)` et :math:`\\nabla F(w)`, pour ``w`` de forme
  ``(..., d)`` (un point, une trajectoire, une grille 401×401 : un seul appel, sans boucle) ;
- ``value_i(w, i)`` et ``grad_i(w, i)`` : l'objectif partiel :math:`F_i` d'un exemple, **sans**
  le facteur :math:`1/n`, comme dans le cours : :math:`F = \\frac{1}{n}\\sum_i F_i` ;
- ``predict(w, X)`` : les sorties du modèle pour les lignes de ``X``.

:class:`Quadratic` n'a pas d'exemples : elle n'a que ``value``, ``grad`` et ``hessian``.
"""

import numpy as np

from ._checks import (
    _shown,
    as_float_array,
    check_dataset,
    check_examples,
    check_points,
    check_positive,
    check_real,
)

__all__ = ["Objective", "LeastSquares", "TanhNetwork", "Quadratic", "OneNeuronNetwork"]


class Objective:
    """Base commune : :math:`F(w) = \\frac{1}{n}\\sum_{i=1}^n (f_w(x_i) - y_i)^2`.

    Une sous-classe fournit seulement le modèle :math:`f_w(x)` (``_model``) et son gradient
    par rapport à :math:`w` (``_model_grad``), tous deux vectorisés par diffusion (broadcasting).

    Paramètres
    ----------
    X : tableau de forme (n, d), un exemple :math:`x_i` par ligne (fini).
    y : tableau de forme (n,), les cibles :math:`y_i` (finies).

    Attributs
    ---------
    X, y : copies en flottants, en lecture seule ; n, d : le nombre d'exemples et de paramètres.
    """

    #: nom de l'objectif, pour les titres des figures
    name = "F"
    #: région (w1_min, w1_max, w2_min, w2_max) montrée par défaut dans les figures
    default_region = (-8.0, 8.0, -8.0, 8.0)

    def __init__(self, X, y):
        X, y = check_dataset(X, y)
        self.X = X
        self.y = y
        self.n, self.d = X.shape

    # -- le modèle (à fournir par les sous-classes) ---------------------------------------
    def _model(self, w, x):
        """f_w(x) pour w (..., d) et x (..., d) diffusés ensemble ; renvoie (...)."""
        raise NotImplementedError

    def _model_grad(self, w, x):
        """∇_w f_w(x), de forme (..., d)."""
        raise NotImplementedError

    # -- vérifications ----------------------------------------------------------------------
    def _point(self, w, name="w"):
        return check_points(name, w, self.d)

    def _index(self, i):
        return check_examples("i", i, self.n)

    # -- interface publique -----------------------------------------------------------------
    def predict(self, w, X=None):
        """Sorties :math:`f_w(x)` du modèle pour chaque ligne de ``X``.

        Paramètres
        ----------
        w : tableau de forme ``(..., d)`` (un point, une trajectoire, une grille).
        X : None (les données de l'objectif) ou tableau de forme ``(m, d)``.

        Renvoie
        -------
        ndarray de forme ``(..., m)``.
        """
        w = self._point(w)
        X = self.X if X is None else self._point(X, "X")
        with np.errstate(over="ignore", invalid="ignore"):
            return self._model(w[..., None, :], X)

    def residuals(self, w):
        """Les écarts :math:`f_w(x_i) - y_i`.

        Paramètres
        ----------
        w : tableau de forme ``(..., d)``.

        Renvoie
        -------
        ndarray de forme ``(..., n)``.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            return self.predict(w) - self.y

    def value(self, w):
        """:math:`F(w) = \\frac{1}{n}\\sum_i (f_w(x_i) - y_i)^2`.

        Paramètres
        ----------
        w : tableau de forme ``(..., d)``, évalué d'un seul appel (sans boucle).

        Renvoie
        -------
        ndarray de forme ``(...)`` (un float numpy pour un seul point).
        """
        r = self.residuals(w)
        with np.errstate(over="ignore", invalid="ignore"):
            return np.mean(r * r, axis=-1)

    def grad(self, w):
        """:math:`\\nabla F(w) = \\frac{2}{n}\\sum_i (f_w(x_i) - y_i)\\,\\nabla_w f_w(x_i)`.

        Paramètres
        ----------
        w : tableau de forme ``(..., d)``.

        Renvoie
        -------
        ndarray de forme ``(..., d)``.
        """
        w = self._point(w)
        with np.errstate(over="ignore", invalid="ignore"):
            r = self._model(w[..., None, :], self.X) - self.y  # (..., n)
            J = self._model_grad(w[..., None, :], self.X)  # (..., n, d)
            return (2.0 / self.n) * np.einsum("...i,...ik->...k", r, J)

    def grad_batch(self, w, rows):
        """Gradient moyen d'un lot d'exemples (un mini-lot) :

        .. math:: \\frac{1}{b}\\sum_{i \\in \\text{lot}} \\nabla F_i(w)
            = \\frac{2}{b}\\sum_{i \\in \\text{lot}} (f_w(x_i) - y_i)\\,\\nabla_w f_w(x_i).

        ``rows`` : les indices des b exemples du lot (entiers de 0 à n − 1). Avec tous les
        exemples dans l'ordre, c'est :meth:`grad` (aux arrondis près).
        """
        w = self._point(w)
        rows = self._index(rows)
        if rows.ndim != 1 or rows.size == 0:
            raise ValueError(
                "Le paramètre rows doit être une liste non vide d'indices d'exemples ; "
                f"valeur reçue : {_shown(rows)}."
            )
        with np.errstate(over="ignore", invalid="ignore"):
            return self._grad_rows(w, self.X[rows], self.y[rows])

    def _grad_rows(self, w, X, y):
        """Le gradient moyen sur les lignes (X, y) données, sans vérification ni réglage des
        avertissements (pour les boucles rapides, qui s'en chargent une fois)."""
        r = self._model(w[..., None, :], X) - y
        J = self._model_grad(w[..., None, :], X)
        return (2.0 / X.shape[0]) * np.einsum("...i,...ik->...k", r, J)

    def value_i(self, w, i):
        """Objectif partiel :math:`F_i(w) = (f_w(x_i) - y_i)^2` (sans le facteur 1/n).

        Paramètres
        ----------
        w : tableau de forme ``(..., d)``.
        i : indice d'exemple (entier entre 0 et n − 1), ou tableau d'indices diffusable avec
            ``w.shape[:-1]`` (un exemple par point du lot).

        Renvoie
        -------
        ndarray de forme ``(...)``.
        """
        w, i = self._point(w), self._index(i)
        with np.errstate(over="ignore", invalid="ignore"):
            r = self._model(w, self.X[i]) - self.y[i]
            return r * r

    def grad_i(self, w, i):
        """Gradient partiel :math:`\\nabla F_i(w) = 2 (f_w(x_i) - y_i)\\,\\nabla_w f_w(x_i)`.

        Paramètres
        ----------
        w, i : comme :meth:`value_i`.

        Renvoie
        -------
        ndarray de forme ``(..., d)``.
        """
        w, i = self._point(w), self._index(i)
        with np.errstate(over="ignore", invalid="ignore"):
            x = self.X[i]
            r = self._model(w, x) - self.y[i]
            return 2.0 * r[..., None] * self._model_grad(w, x)


class LeastSquares(Objective):
    """Moindres carrés sans biais : :math:`F(w) = \\frac{1}{n}\\sum_i (w\\cdot x_i - y_i)^2`.

    Paramètres
    ----------
    X, y : comme :class:`Objective` (X non nul).

    Attributs
    ---------
    L, mu : la plus grande et la plus petite valeur propre de la hessienne.
    stability_threshold : :math:`2/L` (au-delà, la descente de gradient à pas constant diverge).
    optimal_step : :math:`2/(L+\\mu)` (le meilleur pas constant).
    """

    name = "moindres carrés"

    def __init__(self, X, y):
        super().__init__(X, y)
        H = self.hessian()
        eig = np.linalg.eigvalsh(H)
        self.mu = float(max(eig[0], 0.0))
        self.L = float(eig[-1])
        if self.L <= 0:
            raise ValueError(
                "Le paramètre X ne doit pas être nul : la fonction F serait constante "
                "(hessienne nulle)."
            )
        self.stability_threshold = 2.0 / self.L
        self.optimal_step = 2.0 / (self.L + self.mu)

    def _model(self, w, x):
        return np.sum(w * x, axis=-1)

    def _model_grad(self, w, x):
        return np.broadcast_to(x, np.broadcast_shapes(np.shape(w), np.shape(x)))

    def predict(self, w, X=None):
        """Les sorties :math:`\\mathbf{w}\\cdot\\mathbf{x}` du modèle pour chaque ligne de ``X``
        (par défaut, les données), de forme ``(..., m)`` pour ``w`` de forme ``(..., d)``.

        Calculées par ``einsum``, sans le tableau intermédiaire ``w * x`` de forme
        ``(..., m, d)`` : 30 fois plus rapide pour les 7 000 points d'un entraînement sur 354
        exemples (chapitre 7) ; en dimension 2, mêmes arrondis que la somme des produits.
        """
        w = self._point(w)
        X = self.X if X is None else self._point(X, "X")
        with np.errstate(over="ignore", invalid="ignore"):
            return np.einsum("...k,mk->...m", w, X)

    def _grad_rows(self, w, X, y):
        # produits matriciels : 5 fois plus rapides que le cas général sur de petits lots
        return (2.0 / X.shape[0]) * ((X @ w[..., None])[..., 0] - y) @ X

    def hessian(self):
        """La hessienne (constante) :math:`H = \\frac{2}{n} X^\\top X`.

        Renvoie
        -------
        ndarray de forme ``(d, d)``, symétrique.
        """
        return (2.0 / self.n) * (self.X.T @ self.X)

    def minimizer(self):
        """Le minimiseur :math:`w^*`, solution de :math:`X^\\top X w = X^\\top y`.

        Renvoie
        -------
        ndarray de forme ``(d,)`` (celui de plus petite norme si la solution n'est pas unique).
        """
        w, *_ = np.linalg.lstsq(self.X, self.y, rcond=None)
        return w

    @property
    def condition_number(self):
        """Le conditionnement :math:`\\kappa = L/\\mu` de la hessienne (``inf`` si
        :math:`\\mu = 0`). Plus κ est grand, plus la cuvette est étirée et plus la descente de
        gradient à pas constant est lente : au meilleur pas :math:`2/(L+\\mu)`, l'écart
        :math:`\\|z_t - w^*\\|` est multiplié à chaque itération par au plus
        :math:`(\\kappa - 1)/(\\kappa + 1)` (voir :mod:`course_utils.analysis`)."""
        return _condition_number(self.L, self.mu)


def _condition_number(L, mu):
    """κ = L/µ (l'infini si µ = 0 : F n'est pas strictement convexe)."""
    return L / mu if mu > 0 else float("inf")


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


# -- un neurone tanh : deux minima miroirs et un point selle -----------------------------------


# les réseaux de neurones (non convexes), rangés à part et importables d'ici
from .networks import OneNeuronNetwork, TanhNetwork  # noqa: E402
