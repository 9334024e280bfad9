"""Régénère les carnets .ipynb depuis leurs jumeaux .py (jupytext), les exécute, et ne garde
que les sorties des cellules vérifiées par nbval (``# NBVAL_CHECK_OUTPUT``).

Usage : ``python scripts/sync_notebooks.py [notebooks/01_regression_lineaire.py ...]``
(sans argument : tous les carnets). À lancer après avoir modifié un jumeau .py ; si vous
modifiez le .ipynb dans JupyterLab, jupytext met le .py à jour tout seul (appariement).

Les carnets sont versionnés sans sorties ni état des widgets, sauf les cellules vérifiées,
qui gardent leur sortie texte et leur numéro d'exécution (nbval refuse une cellule vérifiée
sans numéro d'exécution).
"""

import os
import sys
from pathlib import Path

import jupytext
from jupytext.cli import jupytext as jupytext_cli
from jupytext.combine import map_outputs_to_inputs
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CHECK = "# NBVAL_CHECK_OUTPUT"


def strip(nb):
    """Enlève sorties, numéros d'exécution et état des widgets, sauf pour les cellules vérifiées."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if CHECK in cell.source:
            # seules les sorties texte sont comparées : on ne garde qu'elles
            cell.outputs = [o for o in cell.outputs if o.output_type == "stream"
                            or "text/plain" in o.get("data", {})]
            for o in cell.outputs:
                if "data" in o:
                    o.data = {"text/plain": o.data["text/plain"]}
                    o.metadata = {}
        else:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nb


def sync(py_path):
    py_path = Path(py_path).resolve()
    nb = jupytext.read(py_path)
    # les filtres de métadonnées viennent de notebooks/jupytext.toml, pas d'une copie ancienne
    for key in ("cell_metadata_filter", "notebook_metadata_filter"):
        nb.metadata.get("jupytext", {}).pop(key, None)
    ipynb = py_path.with_suffix(".ipynb")
    if ipynb.exists():  # les cellules inchangées gardent leur identifiant (diffs git lisibles)
        old = nbformat.read(ipynb, as_version=4)
        for cell, j in zip(nb.cells, map_outputs_to_inputs(nb.cells, old.cells)):
            if j is not None and "id" in old.cells[j]:
                cell.id = old.cells[j].id
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                          "language": "python"})
    os.environ.pop("MPLBACKEND", None)  # le noyau hérite de l'environnement ; %matplotlib décide
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(py_path.parent)}})
    client.execute()
    strip(nb)
    jupytext.write(nb, ipynb, fmt="ipynb")
    # Réécrit le jumeau .py depuis le .ipynb (forme canonique, et plus récent que lui) : sinon
    # JupyterLab refuse d'ouvrir la paire (« ... is more recent than ... »).
    jupytext_cli(["--sync", "--quiet", str(ipynb)])
    os.utime(py_path)  # le .py reste le plus récent, même quand son texte n'a pas changé
    print(f"{ipynb.relative_to(ROOT)} : exécuté, sorties vérifiées conservées, jumeau .py synchronisé")


def main(argv):
    paths = argv or sorted(str(p) for p in NOTEBOOKS.glob("[0-9]*.py"))
    for p in paths:
        sync(p)


if __name__ == "__main__":
    main(sys.argv[1:])
