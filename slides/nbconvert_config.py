"""Les diapositives du cours par nbconvert : un carnet -> une présentation reveal.js hors ligne.

    jupyter nbconvert --config slides/nbconvert_config.py notebooks/01_regression_lineaire.ipynb \
        --output-dir build/slides

(``make slides`` le fait pour chaque carnet, deux à la fois, puis copie reveal.js, MathJax… dans
``build/slides/assets/`` et écrit ``index.html``.) Le carnet, versionné sans sorties, est
exécuté en mémoire par le noyau ``python3`` dans son dossier, figures en ``%matplotlib inline``
double définition ; les préprocesseurs de ``tools/slides.py`` et de nbconvert en font la
version projetée ; le gabarit ``slides/templates/offline`` (qui étend ``reveal``) ne charge
rien du réseau.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tools/ (préprocesseurs), qui n'est pas installé
from tools.slides import REMOVED_CELL_TAGS  # noqa: E402

c = get_config()  # noqa: F821 (fourni par traitlets à la lecture de ce fichier)

c.NbConvertApp.export_format = "slides"
c.SlidesExporter.extra_template_basedirs = [str(ROOT / "slides" / "templates")]
# (et le dossier lui-même : course_widgets.j2, partagé avec les pages, y est)
c.SlidesExporter.extra_template_paths = [str(ROOT / "slides" / "templates")]
c.SlidesExporter.template_name = "offline"

# La diapositive : 1280 × 720 (16:9) ; reveal.js la met à l'échelle de l'écran.
c.SlidesExporter.reveal_width = "1280"
c.SlidesExporter.reveal_height = "720"
c.SlidesExporter.reveal_theme = "white"
c.SlidesExporter.reveal_transition = "fade"
c.SlidesExporter.reveal_number = "c/t"
c.SlidesExporter.language_code = "fr"
c.SlidesExporter.exclude_input_prompt = True
c.SlidesExporter.exclude_output_prompt = True
c.SlidesExporter.embed_images = True

# Tout en local : copié de slides/node_modules dans <dossier de sortie>/assets par `make slides`.
c.SlidesExporter.reveal_url_prefix = "assets/reveal.js"
c.SlidesExporter.require_js_url = "assets/requirejs/require.js"
c.SlidesExporter.jquery_url = "assets/jquery/dist/jquery.min.js"
c.SlidesExporter.mathjax_url = "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full"

# Dans l'ordre : avant l'exécution, pendant, puis ce que voient les étudiants.
c.SlidesExporter.preprocessors = [
    "tools.slides.InlineFigures",
    "nbconvert.preprocessors.ExecutePreprocessor",
    "tools.slides.WidgetSnapshots",
    "tools.slides.DropStderr",
    "tools.slides.DropTestMarkers",
    "tools.slides.FrenchSpacing",
    "tools.slides.ChapterTitle",
    "tools.slides.RemoveTaggedCells",
]

c.ExecutePreprocessor.kernel_name = "python3"
c.ExecutePreprocessor.timeout = 600
# l'état des widgets, pour les explorateurs vivants sans noyau (WidgetSnapshots n'en garde que
# ce qu'il faut)
c.ExecutePreprocessor.store_widget_state = True
c.ExecutePreprocessor.record_timing = False
# figures en ligne (PNG) quel que soit MPLBACKEND, en double définition : nettes au projecteur
c.ExecutePreprocessor.extra_arguments = [
    "--matplotlib=inline", "--InlineBackend.figure_formats=retina"]

# Les étiquettes des cellules (voir slides/README.md), après l'exécution.
c.RemoveTaggedCells.remove_input_tags = {"hide-input"}
c.RemoveTaggedCells.remove_cell_tags = set(REMOVED_CELL_TAGS)  # dont les solutions
c.RemoveTaggedCells.remove_all_outputs_tags = {"remove-output"}
