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
    check_dataset,
    check_examples,
    check_points,
)

__all__ = ["Objective", "LeastSquares"]


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

    def _index(self, i, name="i"):
        return check_examples(name, i, self.n)

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
        rows = self._index(rows, "rows")
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

