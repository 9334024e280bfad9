"""Le registre des exercices, dans l'ordre du cours."""

from __future__ import annotations

from .ch01 import _Gradient, _Objective
from .ch02 import _ConditionNumber, _GradientDescent, _StabilityThreshold
from .ch03 import _PartialGradient, _StochasticDescent
from .ch04 import _HeavyBall, _Momentum
from .ch05 import _NetworkGradient, _OneNeuronGradient
from .ch06 import _AdagradStep, _AdamStep, _NesterovMomentum, _TorchLoop
from .ch07 import _MiniBatchEpoch


# =========================================================================== le registre
#: les exercices, par identifiant (« 2.1 » : chapitre 2, premier exercice)
EXERCISES = {ex.id: ex for ex in (
    # dans l'ordre du cours (la liste des identifiants connus suit cet ordre)
    _Objective(), _Gradient(),
    _GradientDescent(), _StabilityThreshold(), _ConditionNumber(),
    _PartialGradient(), _StochasticDescent(),
    _Momentum(), _HeavyBall(),
    _NetworkGradient(), _OneNeuronGradient(),
    _TorchLoop(), _NesterovMomentum(), _AdagradStep(), _AdamStep(),
    _MiniBatchEpoch(),
)}
