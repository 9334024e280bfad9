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

from ._checks import _shown, as_float_array, check_positive, check_real

__all__ = ["Objective", "LeastSquares", "TanhNetwork", "Quadratic", "OneNeuronNetwork"]


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

    def hessian(self):
        """La hessienne (constante) :math:`H = \\frac{2}{n} X^\\top X`."""
        return (2.0 / self.n) * (self.X.T @ self.X)

    def minimizer(self):
        """Le minimiseur :math:`w^*`, solution de :math:`X^\\top X w = X^\\top y`
        (celui de plus petite norme si la solution n'est pas unique)."""
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


# -- une fonction quadratique quelconque -------------------------------------------------------
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

    def value(self, w):
        """:math:`F(w) = \\frac12 (w - w^*)^\\top H (w - w^*)`, de forme ``(...)`` pour ``w``
        de forme ``(..., d)``."""
        e = self._offset(w)
        with np.errstate(over="ignore", invalid="ignore"):
            return 0.5 * np.einsum("...i,ij,...j->...", e, self.H, e)

    def grad(self, w):
        """:math:`\\nabla F(w) = H (w - w^*)`, de forme ``(..., d)``."""
        e = self._offset(w)
        with np.errstate(over="ignore", invalid="ignore"):
            return e @ self.H  # H est symétrique : (H e)ᵀ = eᵀ H

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
class OneNeuronNetwork(Objective):
    """Un seul neurone tanh sur des données à une dimension :

    .. math::

        R_w(x) = w_2 \\tanh(w_1 x),\\qquad
        F(w) = \\frac{1}{n}\\sum_{i=1}^n (R_w(x_i) - y_i)^2 .

    Changer le signe des **deux** poids ne change pas la fonction calculée
    (:math:`\\tanh` est impaire : :math:`(-w_2)\\tanh(-w_1 x) = w_2 \\tanh(w_1 x)`), donc
    :math:`F(-w) = F(w)` : les minima vont par paires miroirs :math:`\\pm w^*`. Entre eux,
    l'origine est un point selle : :math:`\\nabla F(0, 0) = 0` et la hessienne y vaut
    :math:`\\begin{bmatrix} 0 & -c \\\\ -c & 0 \\end{bmatrix}` avec
    :math:`c = \\frac{2}{n}\\sum_i x_i y_i`, de valeurs propres :math:`\\pm c` (l'une est
    négative dès que :math:`c \\neq 0`).

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
