"""Le registre des méthodes de descente : chacune déclarée une seule fois, par son nom, avec
son nom français, ce qu'elle lit (α, une graine), comment elle tourne, son équivalent dans
``torch.optim``, sa règle de pas, ce que fait la figure du navigateur et, si on le connaît, son
facteur de convergence sur une quadratique.

L'explorateur, le pont torch, la figure du navigateur et les carnets lisent :data:`METHODS` ;
ajouter une méthode, c'est une entrée (:func:`register_method`) et ses tests. Les méthodes du
cours sont déclarées dans :mod:`course_utils.optimizers`, qui réexporte ces noms.
"""

from collections.abc import Callable
from dataclasses import dataclass

from ._checks import (
    _shown,
    check_bool,
    check_callable,
    check_choice,
    check_identifier,
    check_instance,
    check_text,
)

__all__ = ["Method", "METHODS", "KERNEL_ONLY", "SCHEDULES", "register_method"]

#: les règles de pas permises pour la version stochastique
SCHEDULES = ("inv_sqrt", "constant")


@dataclass(frozen=True)
class Method:
    """Une méthode de descente, déclarée une seule fois ; vérifiée à la création.

    Attributs
    ---------
    name : str, le nom court (minuscules, chiffres, « _ ») : « gd », « momentum »…
    label : str, le nom affiché en français (légendes, ligne d'état) : « SGD (pas η/√t) ».
    uses_alpha : bool, la méthode lit le coefficient de momentum α (l'explorateur montre
        alors son curseur).
    uses_seed : bool, la méthode tire des exemples au hasard (curseur de la graine ; le pont
        torch prend alors le gradient d'un exemple tiré, avec les mêmes tirages).
    trajectory : la fonction ``trajectory(objective, w0, eta, T, alpha, seed)`` qui renvoie
        la trajectoire ``(T + 1, d)`` (α et la graine sont ignorés si la méthode ne s'en sert
        pas).
    torch_optimizer : None, ou le nom de la classe de ``torch.optim`` qui fait la même mise à
        jour (« SGD », « Adam »…), pour :func:`course_utils.torch_bridge.torch_method_trajectory`.
    torch_settings : None, ou la fonction ``(eta, alpha) -> dict`` des réglages de cette
        classe, par exemple ``lambda eta, alpha: {"lr": eta, "momentum": alpha}``.
    schedule : la règle de pas, « constant » (η à chaque étape) ou « inv_sqrt » (η/√t) ; le
        pont torch la reproduit (``LambdaLR``).
    mirror : ce que fait la figure de l'explorateur dans le navigateur : le nom de la même mise
        à jour dans le miroir JavaScript du cœur (``course_utils/static/mirror.js``, prouvé égal
        à ``trajectory`` par tests/test_mirror.py) : la figure suit alors les curseurs sans
        attendre le noyau ; ou :data:`KERNEL_ONLY` : seul le noyau la calcule, la figure dessine
        les points qu'il envoie. None : non déclaré (traité comme KERNEL_ONLY ; les tests
        refusent une méthode du registre qui n'a ni l'un ni l'autre).
    rate : None, ou la fonction ``(eta, alpha, eigenvalues) -> float`` du facteur
        asymptotique :math:`\rho` de la méthode sur une fonction quadratique de hessienne aux
        valeurs propres ``eigenvalues`` (la prédiction :math:`\rho^t` que trace
        :class:`~course_utils.family.FamilyExplorer`).
    """

    name: str
    label: str
    uses_alpha: bool
    uses_seed: bool
    trajectory: Callable
    torch_optimizer: str | None = None
    torch_settings: Callable | None = None
    schedule: str = "constant"
    mirror: str | None = None
    rate: Callable | None = None

    def __post_init__(self):
        check_identifier("name", self.name)
        check_text("label", self.label, optional=False, empty=False)
        check_bool("uses_alpha", self.uses_alpha)
        check_bool("uses_seed", self.uses_seed)
        check_callable("trajectory", self.trajectory, "(objective, w0, eta, T, alpha, seed)")
        check_text("torch_optimizer", self.torch_optimizer, empty=False)
        if (self.torch_optimizer is None) != (self.torch_settings is None):
            raise ValueError(
                "Les paramètres torch_optimizer et torch_settings vont ensemble : tous deux "
                f"None, ou tous deux donnés ; valeurs reçues : {_shown(self.torch_optimizer)} "
                f"et {_shown(self.torch_settings)}."
            )
        if self.torch_settings is not None:
            check_callable("torch_settings", self.torch_settings, "(eta, alpha) -> dict")
        check_choice("schedule", self.schedule, SCHEDULES)
        if self.mirror is not None:
            check_identifier("mirror", self.mirror)
        if self.rate is not None:
            check_callable("rate", self.rate, "(eta, alpha, eigenvalues) -> float")

    @property
    def mirrored(self):
        """Le miroir JavaScript calcule-t-il cette méthode dans le navigateur ?"""
        return self.mirror not in (None, KERNEL_ONLY)


#: ``Method(..., mirror=KERNEL_ONLY)`` : une méthode que seul le noyau calcule
KERNEL_ONLY = "kernel"

#: les méthodes du cours, par nom ; l'ordre fixe la couleur de chacune dans les figures
METHODS: dict[str, Method] = {}


def register_method(method):
    """Ajoute une méthode au registre :data:`METHODS` (ou remplace celle du même nom, qui
    garde sa place et donc sa couleur).

    Paramètres
    ----------
    method : :class:`Method`.

    Renvoie
    -------
    la même :class:`Method`.
    """
    check_instance("method", method, Method, "une Method(name=..., label=..., uses_alpha=..., "
                   "uses_seed=..., trajectory=...) de course_utils.optimizers")
    METHODS[method.name] = method
    return method
