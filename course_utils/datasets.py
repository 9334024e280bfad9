"""Jeux de données du cours."""

import numpy as np

__all__ = ["linear_example", "one_neuron_example"]


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

