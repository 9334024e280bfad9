"""Jeux de données du cours."""

import numpy as np

__all__ = ["linear_example"]


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
