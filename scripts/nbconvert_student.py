"""Configuration nbconvert de la version étudiante des carnets (``make student``).

Usage ::

    jupyter nbconvert --config scripts/nbconvert_student.py
    # ailleurs que build/student/ :
    jupyter nbconvert --config scripts/nbconvert_student.py --FilesWriter.build_directory=DIR

Chaque carnet de ``notebooks/`` est copié dans ``build/student/`` par les préprocesseurs de
nbconvert, sans rien exécuter :

- ``TagRemovePreprocessor`` retire les cellules marquées ``solution`` (la solution de chaque
  exercice « À vous de coder » ; la cellule d'exercice, elle, reste avec son squelette) ;
- ``RemoveFoldedAnswers`` (ci-dessous) retire des cellules Markdown les réponses repliées
  ``<details>…</details>`` (et la cellule, si elle ne contenait que cela) ;
- ``ClearOutputPreprocessor`` efface toutes les sorties (l'étudiant exécute lui-même) ;
- ``ClearMetadataPreprocessor`` ne garde que les métadonnées utiles à l'étudiant : noyau,
  étiquettes, cellules repliées (``jupyter.source_hidden``), diapositives. L'appariement
  jupytext disparaît : ouvrir la copie ne crée pas de jumeau ``.py``.
"""

import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor

ROOT = Path(__file__).resolve().parent.parent
FOLDED = re.compile(r"[ \t]*<details\b.*?</details>[ \t]*\n?", re.S | re.I)


class RemoveFoldedAnswers(Preprocessor):
    """Retire les blocs ``<details>…</details>`` des cellules Markdown."""

    def preprocess(self, nb, resources):
        cells = []
        for cell in nb.cells:
            if cell.cell_type == "markdown" and FOLDED.search(cell.source):
                cell.source = re.sub(r"\n{3,}", "\n\n", FOLDED.sub("", cell.source)).strip()
                if not cell.source:
                    continue
            cells.append(cell)
        nb.cells = cells
        return nb, resources


c = get_config()  # noqa: F821 - fourni par traitlets quand il lit ce fichier

c.NbConvertApp.notebooks = sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
c.NbConvertApp.export_format = "notebook"
c.NbConvertApp.use_output_suffix = False
c.FilesWriter.build_directory = str(ROOT / "build" / "student")

c.TagRemovePreprocessor.enabled = True
c.TagRemovePreprocessor.remove_cell_tags = {"solution"}
c.ClearOutputPreprocessor.enabled = True
c.ClearMetadataPreprocessor.enabled = True
c.ClearMetadataPreprocessor.preserve_cell_metadata_mask = {"tags", "jupyter", "slideshow"}
c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = {"kernelspec", "language_info"}
c.NotebookExporter.preprocessors = [RemoveFoldedAnswers]
