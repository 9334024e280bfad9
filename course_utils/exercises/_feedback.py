"""Le retour affiché par :func:`course_utils.exercises.check` : un encadré coloré dans
un carnet, du texte ailleurs."""

from __future__ import annotations

import html
import re


# =========================================================================== le retour affiché
_STATUS = {
    # statut : (titre, couleur du bord, couleur du fond, symbole)
    "ok": ("réussi", "#1e7e34", "#e6f4ea", "✔"),
    "erreur": ("pas encore", "#b00020", "#fdecea", "✘"),
    "a_completer": ("à compléter", "#5f6368", "#f1f3f4", "✎"),
    "indisponible": ("vérification impossible ici", "#5f6368", "#f1f3f4", "ℹ"),
}


class Feedback:
    """Le verdict de :func:`check` sur une réponse.

    Attributs : ``exercise`` (l'identifiant, par exemple ``"2.1"``), ``status`` (``"ok"``,
    ``"erreur"``, ``"a_completer"`` ou ``"indisponible"``), ``message`` (le texte en français),
    ``ok`` (vrai seulement si la réponse est juste).

    Dans un carnet, il s'affiche comme un encadré coloré (``_repr_html_``) ; ailleurs, comme du
    texte (``str``). Dans le message, ce qui est entre accents graves (`` `code` ``) est du code
    (et ce qui est entre ``**`` est en gras dans l'encadré).
    """

    def __init__(self, exercise, status, message, name=None):
        if status not in _STATUS:
            raise ValueError(f"statut inconnu : {status!r}")
        self.exercise = exercise
        self.status = status
        self._raw = message  # avec les **mots en gras** pour l'encadré
        # le texte brut, sans les ** du gras (mais pas dans le `code`, où ** est une puissance)
        self.message = "".join(part if k % 2 else part.replace("**", "")
                               for k, part in enumerate(re.split(r"(`[^`]*`)", message)))
        self.name = name

    @property
    def ok(self):
        return self.status == "ok"

    @property
    def title(self):
        who = f"Exercice {self.exercise}" if self.exercise else "Exercice"
        if self.name:
            who += f" ({self.name})"
        return f"{who} : {_STATUS[self.status][0]}"

    def __str__(self):
        return f"{_STATUS[self.status][3]} {self.title}\n{self.message}"

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        _, border, background, symbol = _STATUS[self.status]
        paragraphs = "".join(f"<p style='margin:0.3em 0'>{_html_text(p)}</p>"
                             for p in self._raw.split("\n") if p.strip())
        return (
            f"<div class='course-feedback course-feedback-{self.status}' "
            f"data-status='{self.status}' data-exercise='{html.escape(str(self.exercise))}' "
            f"style='border-left:6px solid {border};background:{background};color:#202124;"
            "padding:0.5em 0.9em;margin:0.3em 0;border-radius:4px;line-height:1.45'>"
            f"<div style='font-weight:bold;color:{border}'>{symbol} "
            f"{html.escape(self.title)}</div>{paragraphs}</div>"
        )


def _html_text(text):
    """Échappe le texte et met le `code` entre accents graves en police à chasse fixe."""
    parts = re.split(r"`([^`]*)`", text)
    out = []
    for k, part in enumerate(parts):
        if k % 2:
            out.append(f"<code>{html.escape(part)}</code>")
        else:
            out.append(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(part)))
    return "".join(out)
