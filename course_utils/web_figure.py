"""La figure de l'explorateur dessinée dans le navigateur (widget anywidget)."""


def adam_tables(T, betas=(0.9, 0.999)):
    """Les corrections de biais d'Adam pour t = 1..T, calculées comme le jumeau numpy
    (:class:`course_utils.optimizers.Adam`) : ``bc1[t−1] = 1 − β₁**t`` et
    ``bc2Sqrt[t−1] = (1 − β₂**t)**0.5``. Le miroir JavaScript les reçoit du noyau : Math.pow
    ne donne pas toujours le même dernier bit que le pow de Python."""
    beta1, beta2 = betas
    return {"bc1": [1 - beta1 ** float(t) for t in range(1, T + 1)],
            "bc2Sqrt": [(1 - beta2 ** float(t)) ** 0.5 for t in range(1, T + 1)]}
