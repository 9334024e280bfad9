"""Les exercices du cours, qui se vérifient eux-mêmes.

Un seul point d'entrée ::

    from course_utils.exercises import check
    check("2.1", descente_de_gradient)   # la fonction écrite par l'étudiant

:func:`check` renvoie un :class:`Feedback` : ``.ok`` (réussi ou non) et ``.message`` (en
français). Dans un carnet, il s'affiche comme un encadré vert (réussi), rouge (pas encore, avec
ce qui ne va pas et un indice) ou gris (« à compléter » : la fonction n'a pas encore de corps) ;
ailleurs, comme du texte.

Comment la réponse est jugée :

- la fonction de l'étudiant est appelée sur plusieurs entrées : les données du cours
  (:func:`course_utils.linear_example`), des données tirées au hasard avec d'autres tailles
  (n ≠ 3, d ≠ 2 : rien d'écrit en dur ne passe) et les cas limites qui comptent (T = 0, un seul
  exemple…) ; un tableau de même valeur (une liste de listes) est accepté ;
- les résultats attendus viennent de la bibliothèque (objectifs, optimiseurs, jumeaux de
  ``torch.optim``, ``torch.optim`` lui-même), jamais d'une copie de la solution ;
- en cas d'écart, la réponse est comparée aux résultats des erreurs habituelles (calculés sur
  les mêmes entrées) : si l'une correspond, le message la nomme et donne un indice. Les erreurs
  invisibles dans les résultats (tableau de l'appelant modifié sur place, la même ligne rangée
  à chaque itération) sont vérifiées directement ;
- :func:`check` ne lève jamais d'exception et n'affiche jamais de trace : une exception levée
  par la fonction de l'étudiant est décrite (type, entrée, ligne de son code).

La solution de référence n'est jamais montrée ; un message peut donner la valeur attendue sur une
petite entrée précise (« pour w = (0 ; 0), on attendait F(w) = 4,667 »).
"""

from __future__ import annotations

from ._feedback import Feedback
from ._judge import check
from ._registry import EXERCISES

__all__ = ["check", "Feedback", "EXERCISES"]
