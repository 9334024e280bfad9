"""Outils du cours « Introduction aux réseaux de neurones : la descente de gradient ».

Sous-modules :

- :mod:`course_utils.datasets` : le petit jeu de données du cours ;
- :mod:`course_utils.objectives` : les fonctions objectif (moindres carrés), avec
  :mod:`course_utils.quadratic` (une quadratique quelconque) et :mod:`course_utils.networks`
  (les petits réseaux : réseau tanh, un neurone) ; tous s'importent aussi d'ici ;
- :mod:`course_utils.optimizers` : descente de gradient, SGD, momentum, et leur place dans le
  registre des méthodes (``METHODS``, ``register_method``, rangés dans
  :mod:`course_utils.methods`) ; le verdict sur une descente (divergence, F qui augmente) est
  rangé dans :mod:`course_utils.divergence` ; tous deux importables d'ici ;
- :mod:`course_utils.twins` : les jumeaux numpy de ``torch.optim`` (SGD, RMSprop, Adam) ;
- :mod:`course_utils.plotting` : toutes les figures (courbes de niveau, champs de gradient,
  trajectoires, courbes d'apprentissage, figure d'une descente), rangées dans
  :mod:`~course_utils.grids`, :mod:`~course_utils.plane` et :mod:`~course_utils.curves` ;
- :mod:`course_utils.widgets` : l'explorateur interactif de trajectoires et la sonde de gradient,
  sur la machinerie de :mod:`course_utils.live_figure` et les phrases de
  :mod:`course_utils.status` ;
- :mod:`course_utils.french` : les nombres écrits à la française (virgule décimale) ;
- :mod:`course_utils.analysis` : les vitesses de convergence sur une fonction quadratique
  (conditionnement, carte de convergence de la boule pesante et de Nesterov) ;
- :mod:`course_utils.torch_bridge` : les mêmes objectifs écrits avec torch, et les vrais
  optimiseurs de ``torch.optim`` (torch est importé seulement là) ;
- :mod:`course_utils.exercises` : ``check(...)``, la vérification des exercices « À vous de
  coder », avec un diagnostic des erreurs habituelles ;
- :mod:`course_utils._checks` : toutes les vérifications d'arguments (messages en français),
  en trois modules : nombres et textes, tableaux et objectifs, figures.
"""

from .datasets import linear_example
from .networks import TanhNetwork
from .objectives import LeastSquares, Objective
from .optimizers import (
    SGD,
    Adam,
    RMSprop,
    gradient_descent,
    run,
    sgd,
    sgd_momentum,
)
from .optimizers import Adagrad, heavy_ball
from .quadratic import Quadratic
from .datasets import one_neuron_example
from .networks import OneNeuronNetwork
from .datasets import standardize
from .analysis import (
    contraction_factor,
    gradient_descent_rate,
    heavy_ball_boundary,
    heavy_ball_optimum,
    heavy_ball_rate,
    iterations_to_divide,
    nesterov_rate,
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
    "heavy_ball",
    "Adagrad",
    "Quadratic",
    "one_neuron_example",
    "OneNeuronNetwork",
    "standardize",
    "contraction_factor",
    "iterations_to_divide",
    "gradient_descent_rate",
    "heavy_ball_rate",
    "heavy_ball_optimum",
    "heavy_ball_boundary",
    "nesterov_rate",
]
