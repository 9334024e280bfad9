"""Jeux de données du cours : le petit exemple des chapitres 1 à 6 et un vrai jeu de données
(la progression du diabète) pour le chapitre 7, avec de quoi le préparer."""

import numpy as np

from ._checks import as_float_array, check_interval, check_seed

__all__ = [
    "linear_example",
    "DIABETES_COLUMNS",
    "diabetes",
    "train_validation_split",
    "standardize",
    "with_bias_column",
]


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


def standardize(X, reference=None):
    """Centre et réduit chaque colonne de ``X`` : (x − moyenne) / écart-type.

    Les moyennes et écarts-types sont ceux de ``reference`` (par défaut ``X`` lui-même) : on
    normalise les données de validation **avec les statistiques de l'entraînement**, comme on
    le ferait pour un nouveau patient. Une colonne constante de ``reference`` est seulement
    centrée.

    Paramètres
    ----------
    X : tableau (n, d)
    reference : tableau (m, d) qui fournit moyennes et écarts-types, ou None

    Renvoie
    -------
    tableau (n, d), de nouveaux flottants
    """
    X = as_float_array("X", X)
    ref = X if reference is None else as_float_array("reference", reference)
    if X.ndim != 2 or ref.ndim != 2 or X.shape[1] != ref.shape[1] or ref.shape[0] == 0:
        raise ValueError(
            "Les paramètres X et reference doivent être des tableaux (n, d) et (m, d) avec le "
            f"même nombre de colonnes ; reçu X de forme {X.shape} et reference de forme "
            f"{ref.shape}."
        )
    mean, std = ref.mean(axis=0), ref.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (X - mean) / std


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
    X = as_float_array("X", X)
    if X.ndim != 2:
        raise ValueError(
            f"Le paramètre X doit être un tableau (n, d) ; reçu un tableau de forme {X.shape}."
        )
    return np.hstack([np.ones((X.shape[0], 1)), X])
