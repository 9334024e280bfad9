"""Pourquoi ça marche : les vitesses de convergence sur une fonction quadratique.

Sur :math:`F(w) = \\frac12 (w - w^*)^\\top H (w - w^*)`, l'écart :math:`e_t = z_t - w^*` suit
une récurrence *linéaire* : chaque valeur propre λ de la hessienne H a sa propre petite
récurrence, et la vitesse de convergence est le **rayon spectral** (le plus grand module des
valeurs propres) de sa matrice d'itération, maximisé sur les λ. Ce module calcule ces rayons
par leur formule fermée, d'un seul appel vectorisé sur toute une grille de réglages :

- :func:`contraction_factor` et :func:`iterations_to_divide` : la descente de gradient au
  meilleur pas constant, et le nombre d'itérations pour diviser l'écart par 10 ou 1000 ;
- :func:`gradient_descent_rate` : :math:`\\max_\\lambda |1 - \\eta\\lambda|` ;
- :func:`heavy_ball_rate` : la boule pesante (:func:`~course_utils.optimizers.heavy_ball`),
  sur une grille (η, α) — la « carte de convergence » ;
- :func:`heavy_ball_optimum` et :func:`heavy_ball_boundary` : son meilleur réglage et la
  frontière de divergence :math:`\\eta\\lambda_{\\max} = 2 + 2\\alpha` ;
- :func:`nesterov_rate` : la même carte pour le momentum de Nesterov de
  ``torch.optim.SGD(nesterov=True)``.

Et, pour un objectif quelconque à deux paramètres, :func:`stationary_kind` : la nature d'un
point où le gradient s'annule (minimum, maximum ou point selle), par la hessienne.

Ce sont des vitesses **asymptotiques** : après t itérations, l'écart est de l'ordre de
:math:`\\rho^t` (à un facteur près, qui peut grandir comme t quand deux valeurs propres de la
matrice d'itération sont égales, comme au réglage optimal de la boule pesante).
"""

import numpy as np

from ._checks import _shown, as_float_array, check_real

__all__ = [
    "contraction_factor",
    "iterations_to_divide",
    "gradient_descent_rate",
    "heavy_ball_rate",
    "heavy_ball_optimum",
    "heavy_ball_boundary",
    "nesterov_rate",
    "stationary_kind",
]


# -- vérifications -----------------------------------------------------------------------------
def _values(name, value, *, low=None, low_name=""):
    """Un nombre ou un tableau 1-D de nombres finis (≥ low si low est donné)."""
    arr = as_float_array(name, value)
    if arr.ndim > 1 or arr.size == 0:
        raise ValueError(
            f"Le paramètre {name} doit être un nombre ou une liste (tableau 1-D) non vide de "
            f"nombres ; reçu un tableau de forme {arr.shape} : {_shown(value)}."
        )
    if not np.all(np.isfinite(arr)) or (low is not None and np.any(arr < low)):
        condition = "finis" + (f" et {low_name}" if low is not None else "")
        raise ValueError(
            f"Le paramètre {name} doit contenir des nombres {condition} ; valeur reçue : "
            f"{_shown(value)}."
        )
    return arr


def _eigenvalues(eigenvalues):
    lam = _values("eigenvalues", eigenvalues, low=0.0, low_name="positifs ou nuls")
    return np.atleast_1d(lam)


def _curvatures(L, mu):
    L = check_real("L", L)
    mu = check_real("mu", mu)
    if not (np.isfinite(L) and L > 0):
        raise ValueError(
            f"Le paramètre L doit être un nombre strictement positif et fini (la plus grande "
            f"valeur propre de la hessienne) ; valeur reçue : {_shown(L)}."
        )
    if not (np.isfinite(mu) and 0 <= mu <= L):
        raise ValueError(
            f"Le paramètre mu doit être un nombre entre 0 et L = {L:g} (la plus petite valeur "
            f"propre de la hessienne) ; valeur reçue : {_shown(mu)}."
        )
    return L, mu


def _spectral_radius(b, c):
    """Le plus grand module des racines de r² − b r + c = 0 (b, c réels), élément par élément.

    Racines réelles (b² ≥ 4c) : (|b| + √(b² − 4c))/2 ; racines complexes conjuguées :
    leur produit vaut c, donc leur module commun est √c.
    """
    disc = b * b - 4.0 * c
    real = disc >= 0
    return np.where(real, 0.5 * (np.abs(b) + np.sqrt(np.where(real, disc, 0.0))),
                    np.sqrt(np.where(real, 0.0, c)))


def _grid(etas, alphas, eigenvalues):
    """η, α, λ en tableaux diffusables de forme (A, E, K) (sans les axes des scalaires)."""
    eta = _values("etas", etas, low=0.0, low_name="positifs ou nuls")
    alpha = _values("alphas", alphas, low=0.0, low_name="positifs ou nuls")
    lam = _eigenvalues(eigenvalues)
    shape = alpha.shape + eta.shape
    a = alpha.reshape(alpha.shape + (1,) * eta.ndim + (1,))
    e = eta.reshape(eta.shape + (1,))
    return e, a, lam, shape


# -- la descente de gradient -------------------------------------------------------------------
def contraction_factor(kappa):
    """Le facteur :math:`(\\kappa - 1)/(\\kappa + 1)` dont la descente de gradient au meilleur
    pas constant :math:`\\eta = 2/(L + \\mu)` multiplie l'écart :math:`\\|z_t - w^*\\|` à
    chaque itération, sur une fonction quadratique de conditionnement :math:`\\kappa = L/\\mu`.

    Paramètres
    ----------
    kappa : nombre réel ≥ 1 (ou tableau de tels nombres), le conditionnement ; ``inf``
        (µ = 0) donne 1 : plus de convergence géométrique.

    Renvoie
    -------
    float (ou tableau) dans [0, 1] : 0 pour une cuvette ronde (κ = 1, une seule itération
    suffit), proche de 1 pour une vallée étroite.
    """
    k = as_float_array("kappa", kappa)
    if np.any(np.isnan(k)) or np.any(k < 1):
        raise ValueError(
            "Le paramètre kappa doit être un conditionnement κ = L/µ, au moins égal à 1 ; "
            f"valeur reçue : {_shown(kappa)}."
        )
    with np.errstate(invalid="ignore"):
        out = np.where(np.isinf(k), 1.0, (k - 1.0) / (k + 1.0))
    return float(out) if out.ndim == 0 else out


def iterations_to_divide(rate, factor):
    """Le nombre d'itérations pour diviser l'écart par ``factor`` quand chaque itération le
    multiplie par ``rate`` : le plus petit entier t tel que :math:`\\text{rate}^t \\le
    1/\\text{factor}`, soit :math:`t = \\lceil \\ln(\\text{factor}) / (-\\ln \\text{rate})
    \\rceil`.

    Paramètres
    ----------
    rate : nombre réel dans [0, 1] (ou tableau), le facteur par itération (par exemple
        :func:`contraction_factor`, ou un rayon spectral de :func:`heavy_ball_rate`).
    factor : nombre réel > 1, le facteur de réduction voulu (10, 1000…).

    Renvoie
    -------
    int (ou tableau de flottants entiers) ; ``inf`` si rate = 1 (pas de convergence), 1 si
    rate = 0.
    """
    r = as_float_array("rate", rate)
    if np.any(np.isnan(r)) or np.any(r < 0) or np.any(r > 1):
        raise ValueError(
            "Le paramètre rate doit être un facteur par itération entre 0 et 1 (au-delà de 1, "
            f"l'écart grandit : la méthode diverge) ; valeur reçue : {_shown(rate)}."
        )
    factor = check_real("factor", factor)
    if not (np.isfinite(factor) and factor > 1):
        raise ValueError(
            "Le paramètre factor doit être un nombre fini plus grand que 1 (par exemple 10 "
            f"ou 1000) ; valeur reçue : {_shown(factor)}."
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.ceil(np.log(factor) / -np.log(r))
    t = np.where(r == 0, 1.0, np.where(r == 1, np.inf, t))
    if t.ndim == 0:
        return float(t) if np.isinf(t) else int(t)
    return t


def gradient_descent_rate(etas, eigenvalues):
    """Le facteur asymptotique de la descente de gradient à pas constant sur une fonction
    quadratique : :math:`\\rho(\\eta) = \\max_\\lambda |1 - \\eta\\lambda|` (l'écart sur le
    vecteur propre de λ est multiplié par :math:`1 - \\eta\\lambda` à chaque itération).

    Paramètres
    ----------
    etas : nombre ou tableau 1-D de pas η ≥ 0.
    eigenvalues : nombre ou tableau 1-D, les valeurs propres (≥ 0) de la hessienne ; seules
        la plus petite et la plus grande comptent.

    Renvoie
    -------
    tableau de la forme de ``etas`` (un float pour un seul η) ; < 1 : convergence, > 1 :
    divergence.
    """
    eta = _values("etas", etas, low=0.0, low_name="positifs ou nuls")
    lam = _eigenvalues(eigenvalues)
    out = np.max(np.abs(1.0 - eta[..., None] * lam), axis=-1)
    return float(out) if out.ndim == 0 else out


# -- la boule pesante --------------------------------------------------------------------------
def heavy_ball_rate(etas, alphas, eigenvalues):
    """La vitesse asymptotique de la boule pesante (:func:`~course_utils.optimizers.heavy_ball`)
    sur une fonction quadratique, pour toute une grille de réglages (η, α) d'un seul appel.

    Sur le vecteur propre de λ, l'écart suit :math:`e_t = (1 + \\alpha - \\eta\\lambda)\\,
    e_{t-1} - \\alpha\\, e_{t-2}`, de matrice d'itération

    .. math::

        M_\\lambda = \\begin{bmatrix} 1 + \\alpha - \\eta\\lambda & -\\alpha \\\\ 1 & 0
        \\end{bmatrix},

    dont les valeurs propres sont les racines de :math:`r^2 - (1 + \\alpha - \\eta\\lambda) r
    + \\alpha = 0`. Le résultat est le rayon spectral :math:`\\max_\\lambda \\rho(M_\\lambda)`,
    calculé par la formule des racines d'un polynôme de degré 2 (sans boucle sur la grille).

    Paramètres
    ----------
    etas : nombre ou tableau 1-D de pas η ≥ 0.
    alphas : nombre ou tableau 1-D de coefficients de momentum α ≥ 0.
    eigenvalues : nombre ou tableau 1-D, les valeurs propres (≥ 0) de la hessienne, par
        exemple ``(F.mu, F.L)``.

    Renvoie
    -------
    tableau de forme ``(len(alphas), len(etas))`` (une ligne par α, une colonne par η ; les
    axes d'un α ou d'un η donné seul disparaissent) : < 1, la méthode converge (d'autant plus
    vite que le nombre est petit) ; > 1, elle diverge.
    """
    e, a, lam, shape = _grid(etas, alphas, eigenvalues)
    b = 1.0 + a - e * lam
    out = np.max(_spectral_radius(b, a), axis=-1).reshape(shape)
    return float(out) if out.ndim == 0 else out


def heavy_ball_optimum(L, mu):
    """Le meilleur réglage de la boule pesante sur une fonction quadratique dont les valeurs
    propres de la hessienne vont de µ à L (Polyak, 1964) :

    .. math::

        \\eta^* = \\frac{4}{(\\sqrt{L} + \\sqrt{\\mu})^2},\\qquad
        \\alpha^* = \\left(\\frac{\\sqrt{\\kappa} - 1}{\\sqrt{\\kappa} + 1}\\right)^2,\\qquad
        \\rho^* = \\frac{\\sqrt{\\kappa} - 1}{\\sqrt{\\kappa} + 1} = \\sqrt{\\alpha^*},

    avec :math:`\\kappa = L/\\mu` : :math:`\\sqrt{\\kappa}` remplace le κ de la descente de
    gradient, :math:`(\\kappa - 1)/(\\kappa + 1)`.

    Paramètres
    ----------
    L : nombre réel > 0, la plus grande valeur propre de la hessienne.
    mu : nombre réel dans [0, L], la plus petite.

    Renvoie
    -------
    ``(eta, alpha, rate)`` : trois flottants, :math:`\\eta^*`, :math:`\\alpha^*` et la
    vitesse asymptotique :math:`\\rho^*` obtenue.
    """
    L, mu = _curvatures(L, mu)
    sL, smu = float(np.sqrt(L)), float(np.sqrt(mu))
    rate = (sL - smu) / (sL + smu)  # = (√κ − 1)/(√κ + 1), sans diviser par µ
    return 4.0 / (sL + smu) ** 2, rate * rate, rate


def heavy_ball_boundary(alphas, L):
    """La frontière de divergence de la boule pesante : le plus grand pas
    :math:`\\eta = (2 + 2\\alpha)/L` pour lequel elle ne diverge pas (sur cette frontière, la
    valeur propre −1 de :math:`M_L` donne une vitesse exactement égale à 1). Pour α = 0, c'est
    le seuil :math:`2/L` de la descente de gradient.

    Paramètres
    ----------
    alphas : nombre ou tableau 1-D de coefficients de momentum α dans [0, 1].
    L : nombre réel > 0, la plus grande valeur propre de la hessienne.

    Renvoie
    -------
    float ou tableau de la forme de ``alphas`` : le pas limite pour chaque α.
    """
    alpha = _values("alphas", alphas, low=0.0, low_name="positifs ou nuls")
    if np.any(alpha > 1):
        raise ValueError(
            "Le paramètre alphas doit contenir des coefficients de momentum entre 0 et 1 "
            f"(au-delà de 1, la boule pesante diverge pour tout pas) ; valeur reçue : "
            f"{_shown(alphas)}."
        )
    L, _ = _curvatures(L, 0.0)
    out = (2.0 + 2.0 * alpha) / L
    return float(out) if out.ndim == 0 else out


# -- Nesterov ----------------------------------------------------------------------------------
def nesterov_rate(etas, alphas, eigenvalues):
    """La vitesse asymptotique du momentum de Nesterov sur une fonction quadratique, comme
    :func:`heavy_ball_rate`, pour ``torch.optim.SGD(lr=η, momentum=α, nesterov=True)`` (et son
    jumeau :class:`~course_utils.optimizers.SGD`) avec le gradient complet.

    Le gradient est pris au point « en avance » : sur le vecteur propre de λ, l'écart suit
    :math:`e_t = (1 + \\alpha)(1 - \\eta\\lambda)\\, e_{t-1} - \\alpha (1 - \\eta\\lambda)\\,
    e_{t-2}`, de polynôme caractéristique :math:`r^2 - (1 + \\alpha)(1 - \\eta\\lambda)\\, r +
    \\alpha (1 - \\eta\\lambda)`.

    Paramètres
    ----------
    etas : nombre ou tableau 1-D de pas η ≥ 0.
    alphas : nombre ou tableau 1-D de coefficients de momentum α ≥ 0.
    eigenvalues : nombre ou tableau 1-D, les valeurs propres (≥ 0) de la hessienne.

    Renvoie
    -------
    tableau de forme ``(len(alphas), len(etas))``, comme :func:`heavy_ball_rate`.
    """
    e, a, lam, shape = _grid(etas, alphas, eigenvalues)
    q = 1.0 - e * lam
    out = np.max(_spectral_radius((1.0 + a) * q, a * q), axis=-1).reshape(shape)
    return float(out) if out.ndim == 0 else out


# -- la nature d'un point stationnaire ---------------------------------------------------------
def stationary_kind(objective, w, step=1e-4):
    """La nature d'un point où ∇F est (presque) nul, lue sur la hessienne de F en w.

    La hessienne est estimée par différences centrées du gradient (pas ``step`` relatif à la
    taille de w), puis symétrisée ; le signe de ses deux valeurs propres dit si F monte dans
    toutes les directions autour de w (minimum), descend dans toutes (maximum), ou monte dans
    certaines et descend dans d'autres (point selle, comme l'origine du réseau tanh du
    chapitre 5). Une valeur propre presque nulle (moins de 10⁻⁶ fois la plus grande) laisse la
    question ouverte : « plat ».

    Paramètres
    ----------
    objective : un objectif à deux paramètres (méthode ``grad`` vectorisée).
    w : le point (w₁, w₂).
    step : float, le pas relatif des différences centrées.

    Renvoie
    -------
    str : ``"minimum"``, ``"maximum"``, ``"selle"`` ou ``"plat"``.
    """
    w = np.asarray(w, dtype=float)
    h = step * max(1.0, float(np.max(np.abs(w))))
    shifts = h * np.eye(2)
    points = np.concatenate([w + shifts, w - shifts])  # (4, 2) : un seul appel vectorisé
    grads = np.asarray(objective.grad(points), dtype=float)
    hessian = (grads[:2] - grads[2:]).T / (2 * h)
    eigenvalues = np.linalg.eigvalsh((hessian + hessian.T) / 2)
    tolerance = 1e-6 * max(float(np.max(np.abs(eigenvalues))), np.finfo(float).tiny)
    if np.any(np.abs(eigenvalues) <= tolerance) or not np.all(np.isfinite(eigenvalues)):
        return "plat"
    if np.all(eigenvalues > 0):
        return "minimum"
    if np.all(eigenvalues < 0):
        return "maximum"
    return "selle"
