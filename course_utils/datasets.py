"""Jeux de données du cours."""

import numpy as np

from ._checks import _shown, as_float_array

__all__ = ["linear_example", "one_neuron_example", "standardize"]


def linear_example():
    """Renvoie ``(X, y)``, le jeu de données du cours (n = 3 exemples en dimension d = 2).

    .. math::

        X = \\begin{bmatrix} 1 & 1 \\\\ 0 & -1 \\\\ 2 & 1/2 \\end{bmatrix},\\quad
        y = \\begin{bmatrix} -1 \\\\ 3 \\\\ 2 \\end{bmatrix}

    Chaque appel renvoie de nouveaux tableaux (des flottants) : on peut les modifier sans risque.
    """
    X = np.array([[1.0, 1.0], [0.0, -1.0], [2.0, 0.5]])
    y = np.array([-1.0, 3.0, 2.0])
    return X, y


def one_neuron_example():
    """Renvoie ``(x, y)``, les données du réseau à un neurone (n = 6 exemples à une dimension).

    .. math::

        x = (-2 ;\\ -1 ;\\ -0{,}5 ;\\ 0{,}5 ;\\ 1 ;\\ 2),\\qquad
        y = (-1{,}5 ;\\ -1{,}5 ;\\ -1 ;\\ 1 ;\\ 1{,}4 ;\\ 1{,}4)

    Les cibles sont celles de :math:`1{,}5 \\tanh(1{,}5\\, x)` (−1,49 ; −1,36 ; −0,95 ; 0,95 ;
    1,36 ; 1,49), arrondies et bruitées (écarts de moins de 0,15) : une courbe en S que le
    neurone :math:`R_w(x) = w_2 \\tanh(w_1 x)` approche bien, sans la reproduire exactement.
    Sur la région :math:`[-3, 3]^2`, :class:`~course_utils.objectives.OneNeuronNetwork`
    montre alors ses deux minima miroirs :math:`\\pm(1{,}69 ; 1{,}49)` et le point selle
    :math:`(0, 0)` entre eux.

    Renvoie
    -------
    ``(x, y)`` : deux tableaux de forme ``(6,)`` (des flottants, neufs à chaque appel).
    """
    x = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
    y = np.array([-1.5, -1.5, -1.0, 1.0, 1.4, 1.4])
    return x, y


def standardize(X, center=True):
    """Met chaque colonne de ``X`` à la même échelle (*feature scaling*).

    Chaque colonne :math:`j` devient :math:`(x_{ij} - m_j)/s_j`, où :math:`m_j` est sa moyenne
    (``center=True``) ou 0 (``center=False``) et :math:`s_j = \\sqrt{\\frac{1}{n}\\sum_i
    (x_{ij} - m_j)^2}` : l'écart type si l'on centre, la moyenne quadratique sinon. Après
    coup, :math:`\\frac{1}{n}\\sum_i x_{ij}^2 = 1` pour chaque colonne (chaque variable a la
    même « taille »), ce qui rend la hessienne des moindres carrés mieux conditionnée.

    Attention au biais : le modèle du cours, :math:`w \\cdot x`, n'a pas de terme constant.

    - ``center=False`` ne fait que **changer d'unité** sur chaque variable : les prédictions
      possibles sont exactement les mêmes (le poids :math:`w_j` devient :math:`s_j w_j`), le
      minimum de F est le même ; seul le conditionnement change (pour les données du cours,
      κ passe de 5,05 à 3,95). C'est la version à employer sans biais.
    - ``center=True`` (la standardisation habituelle) retranche aussi la moyenne : sans biais
      pour la rajouter, le modèle ne peut plus représenter les mêmes fonctions et le minimum
      de F change (il faut alors centrer aussi y, ou ajouter une colonne de 1 à X).

    Paramètres
    ----------
    X : tableau de forme ``(n, d)``, un exemple par ligne.
    center : bool, retrancher la moyenne de chaque colonne (``True`` par défaut).

    Renvoie
    -------
    ``(X_scaled, shift, scale)`` : ``X_scaled = (X - shift) / scale``, de forme ``(n, d)`` ;
    ``shift`` (les moyennes, ou des zéros) et ``scale`` (les :math:`s_j`), de forme ``(d,)``.
    Pour une nouvelle entrée ``x``, on applique la même transformation :
    ``(x - shift) / scale``.
    """
    X = as_float_array("X", X)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(
            "Le paramètre X doit être une matrice (tableau 2-D) de forme (n, d), avec un "
            f"exemple par ligne ; reçu un tableau de forme {X.shape}."
        )
    if not np.all(np.isfinite(X)):
        raise ValueError(
            "Le paramètre X contient des valeurs non finies (NaN ou infini) : "
            f"{_shown(X.tolist())}."
        )
    if not isinstance(center, (bool, np.bool_)):
        raise TypeError(
            f"Le paramètre center doit être True ou False ; valeur reçue : {_shown(center)}."
        )
    shift = X.mean(axis=0) if center else np.zeros(X.shape[1])
    scale = np.sqrt(np.mean((X - shift) ** 2, axis=0))
    flat = np.flatnonzero(scale == 0)
    if flat.size:
        what = "constante" if center else "nulle"
        raise ValueError(
            f"Le paramètre X a une colonne {what} (colonne {int(flat[0])}) : on ne peut pas "
            f"la mettre à l'échelle (division par 0) ; valeur reçue : {_shown(X.tolist())}."
        )
    return (X - shift) / scale, shift, scale
