"""Les petits réseaux de neurones du cours, dont l'objectif n'est pas convexe.

- :class:`TanhNetwork` : le réseau à deux neurones tanh du chapitre 5 (la formule du cours,
  :math:`M x`) ;
- :class:`OneNeuronNetwork` : un seul neurone tanh sur des données à une dimension, avec deux
  minima symétriques et un vrai point-selle en (0, 0).

Ils partagent l'interface de :class:`course_utils.objectives.Objective` (et s'importent aussi
depuis :mod:`course_utils`).
"""

import numpy as np

from ._checks import as_float_array, check_finite
from .objectives import Objective

__all__ = ["TanhNetwork", "OneNeuronNetwork"]


class TanhNetwork(Objective):
    """Un petit réseau à deux paramètres, dont l'objectif n'est pas convexe :

    .. math::

        R_w(x) = c \\cdot \\tanh(M x),\\quad
        M = \\begin{bmatrix} w_1 & -1 \\\\ 1 & w_2 \\end{bmatrix},\\quad c = [-1, 1],

    :math:`F(w) = \\frac{1}{n}\\sum_i (R_w(x_i) - y_i)^2`. On suit la formule du cours
    (:math:`M x`) ; le code de 2019 calculait :math:`x M` à la place. Les poids de sortie
    :math:`c`, fixes, sont l'attribut ``c`` (la source les notait :math:`v`, la vitesse du
    chapitre 4 dans le cours).

    Paramètres
    ----------
    X, y : comme :class:`Objective`, avec exactement deux colonnes (:math:`x \\in \\mathbb{R}^2`).
    """

    name = "réseau tanh"
    default_region = (-6.0, 6.0, -6.0, 6.0)
    c = np.array([-1.0, 1.0])  # les poids de sortie
    c.setflags(write=False)  # partagés par tous les réseaux

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
        return -np.tanh(a) + np.tanh(b)  # c · tanh(M x) avec c = [-1, 1]

    def _model_grad(self, w, x):
        a, b = self._pre(w, x)
        ta, tb = np.tanh(a), np.tanh(b)
        d1 = -(1.0 - ta * ta) * x[..., 0]
        d2 = (1.0 - tb * tb) * x[..., 1]
        return np.stack(np.broadcast_arrays(d1, d2), axis=-1)


# -- une fonction quadratique quelconque -------------------------------------------------------


class OneNeuronNetwork(Objective):
    """Un seul neurone tanh sur des données à une dimension :

    .. math::

        R_w(x) = w_2 \\tanh(w_1 x),\\qquad
        F(w) = \\frac{1}{n}\\sum_{i=1}^n (R_w(x_i) - y_i)^2 .

    Changer le signe des **deux** poids ne change pas la fonction calculée
    (:math:`\\tanh` est impaire : :math:`(-w_2)\\tanh(-w_1 x) = w_2 \\tanh(w_1 x)`), donc
    :math:`F(-w) = F(w)` : les minima vont par paires miroirs :math:`\\pm w^*`. Entre eux,
    l'origine est un point selle : :math:`\\nabla F(0, 0) = 0` et la hessienne y vaut
    :math:`\\begin{bmatrix} 0 & -a \\\\ -a & 0 \\end{bmatrix}` avec
    :math:`a = \\frac{2}{n}\\sum_i x_i y_i`, de valeurs propres :math:`\\pm a` (l'une est
    négative dès que :math:`a \\neq 0`).

    Paramètres
    ----------
    x : tableau de forme ``(n,)``
        Les entrées (des nombres réels, une par exemple).
    y : tableau de forme ``(n,)``
        Les cibles.

    Attributs : ``x`` (les entrées, forme ``(n,)``), ``X`` (les mêmes en colonne, forme
    ``(n, 1)``), ``y``, ``n``, ``d = 2`` (deux poids :math:`w_1, w_2`), ``name``,
    ``default_region``. Comme les autres objectifs : ``value``, ``grad``, ``value_i``,
    ``grad_i`` (donc la descente stochastique), ``predict`` ; en plus ``hessian(w)``,
    ``saddle_point()`` et ``minimizers()``.
    """

    name = "réseau à un neurone"
    default_region = (-3.0, 3.0, -3.0, 3.0)

    def __init__(self, x, y):
        x = as_float_array("x", x)
        if x.ndim != 1 or x.shape[0] == 0:
            raise ValueError(
                "Le paramètre x doit être un vecteur (tableau 1-D) d'entrées réelles, une par "
                f"exemple ; reçu un tableau de forme {x.shape}."
            )
        check_finite("x", x)
        y = as_float_array("y", y)
        if y.shape != x.shape:
            raise ValueError(
                f"Le paramètre y doit être un vecteur (tableau 1-D) de longueur n = {x.shape[0]} "
                f"(une cible par entrée de x) ; reçu un tableau de forme {y.shape}."
            )
        super().__init__(x[:, None], y)
        self.x = self.X[:, 0]
        self.d = 2  # deux poids, pour des entrées à une dimension
        self._minimizers = None

    def _model(self, w, x):
        return w[..., 1] * np.tanh(w[..., 0] * x[..., 0])

    def _model_grad(self, w, x):
        t = np.tanh(w[..., 0] * x[..., 0])
        d1 = w[..., 1] * (1.0 - t * t) * x[..., 0]
        return np.stack(np.broadcast_arrays(d1, t), axis=-1)

    def predict(self, w, x=None):
        """Sorties :math:`R_w(x) = w_2 \\tanh(w_1 x)` pour chaque entrée de ``x``.

        Paramètres
        ----------
        w : tableau de forme ``(..., 2)``, les poids.
        x : tableau de forme ``(m,)`` ou None (par défaut, les entrées des données).

        Renvoie
        -------
        tableau de forme ``(..., m)``.
        """
        w = self._point(w)
        if x is None:
            x = self.x
        else:
            x = as_float_array("x", x)
            if x.ndim != 1:
                raise ValueError(
                    "Le paramètre x doit être un vecteur (tableau 1-D) d'entrées réelles ; "
                    f"reçu un tableau de forme {x.shape}."
                )
        with np.errstate(over="ignore", invalid="ignore"):
            return self._model(w[..., None, :], x[:, None])

    def hessian(self, w):
        """La hessienne :math:`\\nabla^2 F(w)`, calculée par sa formule :

        .. math::

            \\nabla^2 F(w) = \\frac{2}{n}\\sum_i \\left(\\nabla R_w(x_i)\\,\\nabla R_w(x_i)^\\top
            + (R_w(x_i) - y_i)\\,\\nabla^2 R_w(x_i)\\right),

        avec, en notant :math:`t = \\tanh(w_1 x)` :
        :math:`\\nabla R_w(x) = (w_2 (1 - t^2) x,\\ t)` et
        :math:`\\nabla^2 R_w(x) = \\begin{bmatrix} -2 w_2 x^2 t (1 - t^2) & (1 - t^2) x \\\\
        (1 - t^2) x & 0 \\end{bmatrix}`.

        Paramètres
        ----------
        w : tableau de forme ``(..., 2)``.

        Renvoie
        -------
        tableau de forme ``(..., 2, 2)`` (symétrique).
        """
        w = self._point(w)
        with np.errstate(over="ignore", invalid="ignore"):
            w1, w2 = w[..., 0, None], w[..., 1, None]  # (..., 1) contre x (n,)
            x = self.x
            t = np.tanh(w1 * x)
            s = 1.0 - t * t
            r = w2 * t - self.y
            g1, g2 = w2 * s * x, t
            h11 = np.mean(g1 * g1 + r * (-2.0 * w2 * x * x * t * s), axis=-1)
            h12 = np.mean(g1 * g2 + r * (s * x), axis=-1)
            h22 = np.mean(g2 * g2, axis=-1)
            H = np.stack([np.stack([h11, h12], -1), np.stack([h12, h22], -1)], -2)
            return 2.0 * H

    def saddle_point(self):
        """Le point selle :math:`(0, 0)` : le gradient y est nul (:math:`R_w = 0` et
        :math:`\\nabla R_w = 0` pour tous les exemples), et la hessienne a une valeur propre
        négative dès que :math:`\\sum_i x_i y_i \\neq 0`.

        Renvoie
        -------
        tableau ``[0., 0.]``.
        """
        return np.zeros(2)

    def minimizers(self):
        """Les deux minima miroirs :math:`w^*` et :math:`-w^*`, celui où :math:`w_1 > 0` en
        premier.

        Calcul : pour :math:`w_1` fixé, le meilleur :math:`w_2` a une formule (moindres carrés
        à une inconnue : :math:`w_2 = \\sum_i y_i t_i / \\sum_i t_i^2`, :math:`t_i =
        \\tanh(w_1 x_i)`) ; on cherche le meilleur :math:`w_1 > 0` sur une grille, puis on
        affine par la méthode de Newton jusqu'à un gradient nul aux arrondis près.

        Renvoie
        -------
        tableau de forme ``(2, 2)`` : les lignes :math:`w^*` et :math:`-w^*`.
        """
        if self._minimizers is None:
            self._minimizers = self._find_minimizers()
        return self._minimizers.copy()

    def _find_minimizers(self):
        w1 = np.linspace(1e-3, 20.0, 20001)
        t = np.tanh(w1[:, None] * self.x)
        tt = np.sum(t * t, axis=-1)
        w2 = np.sum(t * self.y, axis=-1) / np.where(tt > 0, tt, 1.0)
        W = np.stack([w1, w2], axis=-1)
        w = W[np.argmin(self.value(W))]
        for _ in range(50):
            try:
                step = np.linalg.solve(self.hessian(w), self.grad(w))
            except np.linalg.LinAlgError:  # hessienne singulière : pas de minimum isolé
                break
            w = w - step
            if np.linalg.norm(step) <= 1e-15 * max(1.0, np.linalg.norm(w)):
                break
        H = self.hessian(w)
        ok = (np.all(np.isfinite(w)) and np.linalg.norm(self.grad(w)) <= 1e-10
              and np.all(np.linalg.eigvalsh(H) > 0))
        if not ok:
            raise ValueError(
                "Les données (x, y) de ce réseau n'ont pas de minimum isolé que l'on puisse "
                "calculer (par exemple des cibles toutes nulles, ou des données en marche "
                "d'escalier : F décroît alors sans fin quand w₁ grandit)."
            )
        w = w if w[0] > 0 else -w
        out = np.array([w, -w])
        out.setflags(write=False)
        return out
