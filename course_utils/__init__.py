"""Outils du cours « Introduction aux réseaux de neurones : la descente de gradient ».

Sous-modules :

- :mod:`course_utils.datasets` : le petit jeu de données du cours ;
- :mod:`course_utils.objectives` : les fonctions objectif (moindres carrés, réseau tanh) ;
- :mod:`course_utils.optimizers` : descente de gradient, SGD, momentum et jumeaux numpy de
  ``torch.optim`` ;
- :mod:`course_utils.plotting` : les figures (courbes de niveau, champs de gradient, trajectoires) ;
- :mod:`course_utils.widgets` : l'explorateur interactif de trajectoires et la sonde de gradient ;
- :mod:`course_utils.torch_bridge` : les mêmes objectifs écrits avec torch, et les vrais
  optimiseurs de ``torch.optim`` (torch est importé seulement là) ;
- :mod:`course_utils.exercises` : ``check(...)``, la vérification des exercices « À vous de
  coder », avec un diagnostic des erreurs habituelles.
"""

from .datasets import linear_example
from .objectives import LeastSquares, Objective, TanhNetwork
from .optimizers import (
    SGD,
    Adam,
    RMSprop,
    gradient_descent,
    run,
    sgd,
    sgd_momentum,
)

__all__ = [
    "linear_example",
    "Objective",
    "LeastSquares",
    "TanhNetwork",
    "gradient_descent",
    "sgd",
    "sgd_momentum",
    "SGD",
    "RMSprop",
    "Adam",
    "run",
]
