"""Fonctions objectif du cours, évaluées d'un seul appel sur tout un lot de points.

Les deux objectifs partagent la même interface :

- ``value(w)`` et ``grad(w)`` : :math:`F(w)` et :math:`\\nabla F(w)`, pour ``w`` de forme
  ``(..., d)`` (un point, une trajectoire, une grille 401×401 : un seul appel, sans boucle) ;
- ``value_i(w, i)`` et ``grad_i(w, i)`` : l'objectif partiel :math:`F_i` d'un exemple, **sans**
  le facteur :math:`1/n`, comme dans le cours : :math:`F = \\frac{1}{n}\\sum_i F_i` ;
- ``predict(w, X)`` : les sorties du modèle pour les lignes de ``X``.
"""

import numpy as np

from ._checks import _shown, as_float_array

__all__ = ["Objective", "LeastSquares", "TanhNetwork"]


class Objective:
    """Base commune : :math:`F(w) = \\frac{1}{n}\\sum_{i=1}^n (f_w(x_i) - y_i)^2`.

    Une sous-classe fournit seulement le modèle :math:`f_w(x)` (``_model``) et son gradient
    par rapport à :math:`w` (``_model_grad``), tous deux vectorisés par diffusion (broadcasting).
    """

    #: nom de l'objectif, pour les titres des figures
    name = "F"
    #: région (w1_min, w1_max, w2_min, w2_max) montrée par défaut dans les figures
    default_region = (-8.0, 8.0, -8.0, 8.0)

    def __init__(self, X, y):
        X = as_float_array("X", X)
        y = as_float_array("y", y)
        if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
            raise ValueError(
                "Le paramètre X doit être une matrice (tableau 2-D) de forme (n, d), avec un "
                f"exemple par ligne ; reçu un tableau de forme {X.shape}."
            )
        if y.ndim != 1 or y.shape[0] != X.shape[0]:
            raise ValueError(
                f"Le paramètre y doit être un vecteur (tableau 1-D) de longueur n = {X.shape[0]} "
                f"(une cible par ligne de X) ; reçu un tableau de forme {y.shape}."
            )
        for label, arr in (("X", X), ("y", y)):
            if not np.all(np.isfinite(arr)):
                raise ValueError(
                    f"Le paramètre {label} contient des valeurs non finies (NaN ou infini) : "
                    f"{_shown(arr.tolist())}."
                )
        X.setflags(write=False)
        y.setflags(write=False)
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
        w = as_float_array(name, w)
        if w.ndim == 0 or w.shape[-1] != self.d:
            raise ValueError(
                f"Le paramètre {name} doit avoir {self.d} composantes sur son dernier axe "
                f"(forme (..., {self.d})) ; reçu un tableau de forme {w.shape}."
            )
        return w

    def _index(self, i):
        idx = np.asarray(i)
        if idx.dtype.kind not in "iu" or np.any(idx < 0) or np.any(idx >= self.n):
            raise ValueError(
                f"Le paramètre i doit être un indice entier d'exemple entre 0 et {self.n - 1} ; "
                f"valeur reçue : {_shown(i)}."
            )
        return idx

    # -- interface publique -----------------------------------------------------------------
    def predict(self, w, X=None):
        """Sorties :math:`f_w(x)` du modèle pour chaque ligne de ``X`` (par défaut, les données).

        ``w`` de forme ``(..., d)`` et ``X`` de forme ``(m, d)`` donnent un tableau ``(..., m)``.
        """
        w = self._point(w)
        X = self.X if X is None else self._point(X, "X")
        with np.errstate(over="ignore", invalid="ignore"):
            return self._model(w[..., None, :], X)

    def residuals(self, w):
        """Les écarts :math:`f_w(x_i) - y_i`, de forme ``(..., n)``."""
        with np.errstate(over="ignore", invalid="ignore"):
            return self.predict(w) - self.y

    def value(self, w):
        """:math:`F(w) = \\frac{1}{n}\\sum_i (f_w(x_i) - y_i)^2`, de forme ``(...)``."""
        r = self.residuals(w)
        with np.errstate(over="ignore", invalid="ignore"):
            return np.mean(r * r, axis=-1)

    def grad(self, w):
        """:math:`\\nabla F(w) = \\frac{2}{n}\\sum_i (f_w(x_i) - y_i)\\,\\nabla_w f_w(x_i)`,
        de forme ``(..., d)``."""
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

        ``i`` est un entier, ou un tableau d'entiers diffusable avec ``w.shape[:-1]``
        (un exemple par point du lot).
        """
        w, i = self._point(w), self._index(i)
        with np.errstate(over="ignore", invalid="ignore"):
            r = self._model(w, self.X[i]) - self.y[i]
            return r * r

    def grad_i(self, w, i):
        """Gradient partiel :math:`\\nabla F_i(w) = 2 (f_w(x_i) - y_i)\\,\\nabla_w f_w(x_i)`."""
        w, i = self._point(w), self._index(i)
        with np.errstate(over="ignore", invalid="ignore"):
            x = self.X[i]
            r = self._model(w, x) - self.y[i]
            return 2.0 * r[..., None] * self._model_grad(w, x)


class LeastSquares(Objective):
    """Moindres carrés sans biais : :math:`F(w) = \\frac{1}{n}\\sum_i (w\\cdot x_i - y_i)^2`.

    Attributs : ``L`` et ``mu`` (plus grande et plus petite valeur propre de la hessienne),
    ``stability_threshold`` = :math:`2/L` (au-delà, la descente de gradient à pas constant
    diverge), ``optimal_step`` = :math:`2/(L+\\mu)` (le meilleur pas constant), ``n``.
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

    def _grad_rows(self, w, X, y):
        # produits matriciels : 5 fois plus rapides que le cas général sur de petits lots
        return (2.0 / X.shape[0]) * ((X @ w[..., None])[..., 0] - y) @ X

    def hessian(self):
        """La hessienne (constante) :math:`H = \\frac{2}{n} X^\\top X`."""
        return (2.0 / self.n) * (self.X.T @ self.X)

    def minimizer(self):
        """Le minimiseur :math:`w^*`, solution de :math:`X^\\top X w = X^\\top y`
        (celui de plus petite norme si la solution n'est pas unique)."""
        w, *_ = np.linalg.lstsq(self.X, self.y, rcond=None)
        return w


class TanhNetwork(Objective):
    """Un petit réseau à deux paramètres, dont l'objectif n'est pas convexe :

    .. math::

        R_w(x) = v \\cdot \\tanh(M x),\\quad
        M = \\begin{bmatrix} w_1 & -1 \\\\ 1 & w_2 \\end{bmatrix},\\quad v = [-1, 1],

    :math:`F(w) = \\frac{1}{n}\\sum_i (R_w(x_i) - y_i)^2`. On suit la formule du cours
    (:math:`M x`) ; le code de 2019 calculait :math:`x M` à la place.
    """

    name = "réseau tanh"
    default_region = (-6.0, 6.0, -6.0, 6.0)
    v = np.array([-1.0, 1.0])

    def __init__(self, X, y):
        super().__init__(X, y)
        if self.d != 2:
            raise ValueError(
                "Le paramètre X doit avoir exactement 2 colonnes pour le réseau tanh "
                f"(x ∈ ℝ², M est 2×2) ; reçu {self.d} colonnes."
            )

    @staticmethod
    def _pre(w, x):
        # M x = [w1 x1 - x2, x1 + w2 x2]
        a = w[..., 0] * x[..., 0] - x[..., 1]
        b = x[..., 0] + w[..., 1] * x[..., 1]
        return a, b

    def _model(self, w, x):
        a, b = self._pre(w, x)
        return -np.tanh(a) + np.tanh(b)

    def _model_grad(self, w, x):
        a, b = self._pre(w, x)
        ta, tb = np.tanh(a), np.tanh(b)
        d1 = -(1.0 - ta * ta) * x[..., 0]
        d2 = (1.0 - tb * tb) * x[..., 1]
        return np.stack(np.broadcast_arrays(d1, d2), axis=-1)
