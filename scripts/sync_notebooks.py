"""Régénère les carnets .ipynb depuis leurs jumeaux .py (jupytext), les exécute, et ne garde
que les sorties des cellules vérifiées par nbval (``# NBVAL_CHECK_OUTPUT``).

Usage : ``python scripts/sync_notebooks.py [notebooks/01_regression_lineaire.py ...]``
(sans argument : tous les carnets). À lancer après avoir modifié un jumeau .py ; si vous
modifiez le .ipynb dans JupyterLab, jupytext met le .py à jour tout seul (appariement).

Les carnets sont versionnés sans sorties ni état des widgets, sauf les cellules vérifiées :
elles portent la métadonnée ``keep_output: true``, et nbstripout, réglé comme dans le crochet
pre-commit (``.pre-commit-config.yaml``), leur laisse leur sortie et leur numéro d'exécution
(nbval refuse une cellule vérifiée sans numéro d'exécution).
"""

import os
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
from jupytext.cli import jupytext as jupytext_cli
from jupytext.combine import map_outputs_to_inputs
from jupytext.config import load_jupytext_config
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CHECK = "# NBVAL_CHECK_OUTPUT"
# comme le crochet nbstripout de .pre-commit-config.yaml : les numéros d'exécution restent
# (ceux des cellules vérifiées ; `mark_checked_cells` efface les autres), les identifiants aussi
NBSTRIPOUT = [sys.executable, "-m", "nbstripout", "--keep-count", "--keep-id"]


def mark_checked_cells(nb):
    """``keep_output: true`` sur les cellules vérifiées (nbstripout garde leurs sorties), sur
    elles seules ; les autres perdent leur numéro d'exécution, que nbstripout leur laisserait
    (il garde tous les numéros ou aucun)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if CHECK in cell.source:
            cell.metadata["keep_output"] = True
        else:
            cell.metadata.pop("keep_output", None)
            cell.execution_count = None
    return nb


def sync(py_path):
    py_path = Path(py_path).resolve()
    nb = jupytext.read(py_path)
    # les filtres de métadonnées viennent de notebooks/jupytext.toml, pas d'une copie ancienne ;
    # les deux fichiers de la paire les portent (forme où le crochet jupytext ne change rien)
    config = load_jupytext_config(str(py_path.parent))
    nb.metadata.setdefault("jupytext", {}).update(
        cell_metadata_filter=config.cell_metadata_filter,
        notebook_metadata_filter=config.notebook_metadata_filter)
    ipynb = py_path.with_suffix(".ipynb")
    if ipynb.exists():  # les cellules inchangées gardent leur identifiant (diffs git lisibles)
        old = nbformat.read(ipynb, as_version=4)
        for cell, j in zip(nb.cells, map_outputs_to_inputs(nb.cells, old.cells), strict=True):
            if j is not None and "id" in old.cells[j]:
                cell.id = old.cells[j].id
    nb.metadata.setdefault("kernelspec", {"name": "python3", "language": "python",
                                          "display_name": "Python 3 (ipykernel)"})
    os.environ.pop("MPLBACKEND", None)  # le noyau hérite de l'environnement ; %matplotlib décide
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(py_path.parent)}})
    client.execute()
    jupytext.write(mark_checked_cells(nb), ipynb, fmt="ipynb")
    subprocess.run([*NBSTRIPOUT, str(ipynb)], check=True)
    # Réécrit le jumeau .py depuis le .ipynb (forme canonique, et plus récent que lui) : sinon
    # JupyterLab refuse d'ouvrir la paire (« ... is more recent than ... »).
    jupytext_cli(["--sync", "--quiet", str(ipynb)])
    os.utime(py_path)  # le .py reste le plus récent, même quand son texte n'a pas changé
    print(f"{ipynb.relative_to(ROOT)} : exécuté, sorties vérifiées conservées, "
          "jumeau .py synchronisé")


def main(argv):
    paths = argv or sorted(str(p) for p in NOTEBOOKS.glob("[0-9]*.py"))
    for p in paths:
        sync(p)


if __name__ == "__main__":
    main(sys.argv[1:])
