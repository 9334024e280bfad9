"""Jeux de données du cours : le petit exemple des chapitres 1 à 6 et un vrai jeu de données
(la progression du diabète) pour le chapitre 7, avec de quoi le préparer."""

import numpy as np

from ._checks import _shown, as_float_array, check_bool, check_interval, check_matrix, check_seed

__all__ = [
    "linear_example",
    "one_neuron_example",
    "standardize",
    "DIABETES_COLUMNS",
    "diabetes",
    "train_validation_split",
    "with_bias_column",
]


def linear_example():
    """Renvoie ``(X, y)``, le jeu de données du cours (n = 3 exemples en dimension d = 2).

    .. math::

        X = \\begin{bmatrix} 1 & 1 \\\\ 0 & -1 \\\\ 2 & 1/2 \\end{bmatrix},\\quad
        y = \\begin{bmatrix} -1 \\\\ 3 \\\\ 2 \\end{bmatrix}

    Renvoie
    -------
    ``(X, y)`` : ``X`` de forme ``(3, 2)``, un exemple par ligne, et ``y`` de forme ``(3,)``,
    les cibles. Chaque appel renvoie de nouveaux tableaux (des flottants) : on peut les
    modifier sans risque.
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
    Sur la région :math:`[-3, 3]^2`, :class:`~course_utils.networks.OneNeuronNetwork`
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
    X = check_matrix("X", X)
    center = check_bool("center", center)
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
# -- un vrai jeu de données : la progression du diabète -----------------------------------------
#: les colonnes de :func:`diabetes`, avec leur signification (les dix mesures, puis la cible)
DIABETES_COLUMNS = {
    "age": "âge (années)",
    "sex": "sexe (codé 1 ou 2)",
    "bmi": "indice de masse corporelle (kg/m²)",
    "bp": "pression artérielle moyenne (mm Hg)",
    "s1": "cholestérol total (tc)",
    "s2": "lipoprotéines de basse densité (ldl)",
    "s3": "lipoprotéines de haute densité (hdl)",
    "s4": "rapport cholestérol total / hdl (tch)",
    "s5": "triglycérides, en logarithme (ltg)",
    "s6": "glycémie (glu)",
    "progression": "progression de la maladie un an après (la cible)",
}


def diabetes():
    """Le jeu de données « diabète » d'Efron, Hastie, Johnstone et Tibshirani (2004).

    442 patients ; pour chacun, dix mesures prises au début de l'étude (âge, sexe, indice de
    masse corporelle, pression artérielle, six analyses de sang) et la progression de la maladie
    un an plus tard. Ce sont les valeurs brutes (non normalisées). Le fichier est livré avec le
    paquet (``course_utils/data/diabetes.csv``, licence BSD à 3 clauses, via scikit-learn) : rien
    n'est téléchargé.

    Renvoie
    -------
    X : tableau (442, 10) des mesures, dans l'ordre des clés de :data:`DIABETES_COLUMNS`
    y : tableau (442,) de la progression de la maladie
    """
    from importlib.resources import files

    text = files("course_utils").joinpath("data/diabetes.csv").read_text(encoding="utf-8")
    table = np.loadtxt(text.splitlines(), delimiter=",", skiprows=1)
    return table[:, :-1].copy(), table[:, -1].copy()


def train_validation_split(X, y, validation=0.2, seed=0):
    """Sépare les exemples en une partie d'entraînement et une partie de validation, au hasard.

    Paramètres
    ----------
    X : tableau (n, d) ; y : tableau (n,)
    validation : la part des exemples mise de côté pour la validation, entre 0 et 1 (exclus)
    seed : graine du tirage (la même graine donne la même séparation)

    Renvoie
    -------
    X_train, X_val, y_train, y_val : les lignes tirées, dans un ordre aléatoire
    """
    X = as_float_array("X", X)
    y = as_float_array("y", y)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0] or X.shape[0] < 2:
        raise ValueError(
            "Les paramètres X et y doivent avoir le même nombre de lignes n ≥ 2 (X de forme "
            f"(n, d), y de forme (n,)) ; reçu X de forme {X.shape} et y de forme {y.shape}."
        )
    validation = check_interval("validation", validation, 0.0, 1.0, low_included=False)
    seed = check_seed("seed", seed)
    n = X.shape[0]
    n_val = int(round(validation * n))
    if not 1 <= n_val <= n - 1:
        raise ValueError(
            f"Le paramètre validation laisse {n_val} exemple(s) de validation sur n = {n} : il "
            f"en faut au moins un de chaque côté ; valeur reçue : {validation}."
        )
    order = np.random.default_rng(seed).permutation(n)
    val, train = order[:n_val], order[n_val:]
    return X[train], X[val], y[train], y[val]


def with_bias_column(X):
    """``X`` précédé d'une colonne de 1 : le biais b devient un poids comme les autres,
    :math:`\\mathbf{w}\\cdot(1, \\mathbf{x}) = b + w_1 x_1 + \\dots`.

    Paramètres
    ----------
    X : tableau (n, d)

    Renvoie
    -------
    tableau (n, d + 1)
    """
    X = check_matrix("X", X)
    return np.hstack([np.ones((X.shape[0], 1)), X])
