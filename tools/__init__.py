"""Outils du dépôt, hors du cours lui-même (``course_utils``).

- `tools.browser` : chromium, réglé une fois (chemin : variable d'environnement ``CHROMIUM``) ;
- `tools.lab` : JupyterLab piloté dans chromium (tests de bout en bout et benchmarks) ;
- `tools.slides` : les préprocesseurs nbconvert des diapositives, leur index et leurs PDF.

Le paquet n'est pas installé : on le lance depuis la racine du dépôt (``python -m ...``,
``pytest`` y ajoute la racine par ``pythonpath``).
"""
