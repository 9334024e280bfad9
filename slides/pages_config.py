"""Les pages HTML hors ligne du cours par nbconvert : un carnet -> une page, exécutée, dont les
explorateurs restent vivants sans noyau (comme dans les diapositives).

    jupyter nbconvert --config slides/pages_config.py notebooks/01_regression_lineaire.ipynb \
        --output-dir build/pages

(``make pages`` le fait pour chaque carnet, deux à la fois, puis copie require.js, MathJax, le
gestionnaire de widgets et anywidget dans ``build/pages/assets/``.) Mêmes préprocesseurs et
même exécution que les diapositives (``slides/nbconvert_config.py``) ; le gabarit
``slides/templates/offline_page`` (qui étend ``lab``) ne charge rien du réseau.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

load_subconfig(str(ROOT / "slides" / "nbconvert_config.py"))  # noqa: F821 (traitlets)
c = get_config()  # noqa: F821 (fourni par traitlets à la lecture de ce fichier)

c.NbConvertApp.export_format = "html"
c.HTMLExporter.extra_template_basedirs = [str(ROOT / "slides" / "templates")]
c.HTMLExporter.extra_template_paths = [str(ROOT / "slides" / "templates")]
c.HTMLExporter.template_name = "offline_page"
c.HTMLExporter.embed_images = True
c.HTMLExporter.require_js_url = "assets/requirejs/require.js"
c.HTMLExporter.mathjax_url = "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full"
c.HTMLExporter.preprocessors = list(c.SlidesExporter.preprocessors)
