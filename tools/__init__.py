"""Outils du dépôt, hors du cours lui-même (``course_utils``).

- `tools.browser` : chromium, réglé une fois (chemin : variable d'environnement ``CHROMIUM``) ;
- `tools.lab` : JupyterLab piloté dans chromium (tests de bout en bout et benchmarks) ;
- `tools.lite` : le site JupyterLite servi, isolé du réseau et piloté dans chromium ;
- `tools.figure_page` : la figure web de l'explorateur dans une page nue (sans JupyterLab) ;
- `tools.trace` : l'analyse d'une trace de chromium (appui → image peinte) ;
- `tools.slides` : les préprocesseurs nbconvert des diapositives, leur index et leurs PDF ;
- `tools.french_audit` : la sonde de la virgule décimale (textes dessinés par matplotlib,
  lignes d'état), lancée dans le noyau par ``tests/test_decimal_comma.py``.

Le paquet n'est pas installé : on le lance depuis la racine du dépôt (``python -m ...``,
``pytest`` y ajoute la racine par ``pythonpath``).
"""
