"""Les diapositives du cours : chaque carnet devient une présentation reveal.js hors ligne.

Usage ::

    python scripts/build_slides.py                  # build/slides/<nom>.slides.html + index.html
    python scripts/build_slides.py --pdf            # idem, plus build/slides/pdf/<nom>.pdf
    python scripts/build_slides.py --pdf-only       # les PDF seuls, depuis build/slides/
    python scripts/build_slides.py --notebooks DIR --out DIR [--pdf] [--jobs N]

Ce que fait la construction :

1. ``npm ci`` dans ``slides/`` (versions épinglées par ``slides/package-lock.json``), sauf si
   ``slides/node_modules`` est déjà à jour ; puis copie de reveal.js, require.js, jQuery et
   MathJax 2 dans ``<out>/assets/`` : le dossier ``<out>`` s'ouvre sans réseau.
2. Chaque carnet (versionné sans sorties) est exécuté en mémoire par nbclient avec le noyau
   ``python3`` (celui de l'environnement qui lance ce script), dans le dossier du carnet, sans
   ``MPLBACKEND``. Les lignes ``%matplotlib widget`` (ou ``ipympl``, ``notebook``) sont
   remplacées par ``%matplotlib inline`` dans cette copie en mémoire : sans navigateur, le
   backend ipympl produit des vues de widget (et des doublons), le backend inline des PNG.
   L'état des widgets n'est pas enregistré.
3. Les sorties de widget sont remplacées par leur image PNG (les explorateurs du cours en
   fournissent une), suivie d'une légende qui invite à ouvrir le carnet ; un widget sans image
   laisse une simple phrase.
4. nbconvert (SlidesExporter) exporte avec le gabarit ``slides/templates/offline`` (il étend
   le gabarit ``reveal``) ; les cellules marquées ``hide-input`` ne montrent que leur sortie.
5. Avec ``--pdf`` : chromium (Debian, /usr/bin/chromium) piloté par Playwright imprime chaque
   présentation en mode ``?print-pdf`` de reveal.js, une page par diapositive ; une diapositive
   trop haute est réduite pour tenir dans sa page.

Les carnets sont exécutés deux à la fois (``--jobs``, 2 par défaut : la machine a 2 cœurs).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SLIDES_SRC = ROOT / "slides"
TEMPLATES = SLIDES_SRC / "templates"
NODE_MODULES = SLIDES_SRC / "node_modules"
DEFAULT_NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "slides"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: taille logique d'une diapositive (16:9) ; reveal.js la met à l'échelle de l'écran
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
REVEAL_MARGIN = 0.04  # la marge de reveal.js autour de la diapositive (aussi dans le gabarit)

#: la légende sous l'instantané d'un explorateur interactif
SNAPSHOT_CAPTION = "Instantané : ouvrez le carnet dans JupyterLab pour déplacer les curseurs."
WIDGET_PLACEHOLDER = "Élément interactif : ouvrez le carnet dans JupyterLab pour l'utiliser."

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: une cellule ajoutée en tête de la copie exécutée, retirée avant l'export
_SETUP_TAG = "build-slides-setup"
_SETUP_CODE = "%config InlineBackend.figure_formats = ['retina']"
_WIDGET_MAGIC = re.compile(r"^(\s*)%matplotlib\s+(widget|ipympl|notebook|nbagg)\b.*$", re.M)

#: ce que l'on copie de slides/node_modules dans <out>/assets (chemins relatifs, source -> cible)
ASSET_FILES = {
    "reveal.js/dist/reveal.js": "reveal.js/dist/reveal.js",
    "reveal.js/dist/reveal.css": "reveal.js/dist/reveal.css",
    "reveal.js/dist/theme/white.css": "reveal.js/dist/theme/white.css",
    "reveal.js/plugin/notes/notes.js": "reveal.js/plugin/notes/notes.js",
    "reveal.js/LICENSE": "reveal.js/LICENSE",
    "requirejs/require.js": "requirejs/require.js",
    "jquery/dist/jquery.min.js": "jquery/jquery.min.js",
    "jquery/LICENSE.txt": "jquery/LICENSE.txt",
    "mathjax/MathJax.js": "mathjax/MathJax.js",
    "mathjax/LICENSE": "mathjax/LICENSE",
    "mathjax/config/TeX-AMS_CHTML-full.js": "mathjax/config/TeX-AMS_CHTML-full.js",
}
ASSET_DIRS = {
    "reveal.js/dist/theme/fonts/source-sans-pro": "reveal.js/dist/theme/fonts/source-sans-pro",
    # MathJax 2, sortie CommonHTML avec les polices TeX (woff) : le strict nécessaire
    "mathjax/extensions": "mathjax/extensions",
    "mathjax/jax/input/TeX": "mathjax/jax/input/TeX",
    "mathjax/jax/element": "mathjax/jax/element",
    "mathjax/jax/output/CommonHTML": "mathjax/jax/output/CommonHTML",
    "mathjax/jax/output/PreviewHTML": "mathjax/jax/output/PreviewHTML",
    "mathjax/fonts/HTML-CSS/TeX/woff": "mathjax/fonts/HTML-CSS/TeX/woff",
    "mathjax/fonts/HTML-CSS/TeX/otf": "mathjax/fonts/HTML-CSS/TeX/otf",
    "mathjax/localization/fr": "mathjax/localization/fr",
    "mathjax/localization/en": "mathjax/localization/en",
}

EXPORTER_CONFIG = {
    "SlidesExporter": {
        "reveal_url_prefix": "assets/reveal.js",
        "reveal_theme": "white",
        "reveal_transition": "fade",
        "reveal_number": "c/t",
        "reveal_width": str(SLIDE_WIDTH),
        "reveal_height": str(SLIDE_HEIGHT),
        "require_js_url": "assets/requirejs/require.js",
        "jquery_url": "assets/jquery/jquery.min.js",
        "mathjax_url": "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full",
        "language_code": "fr",
        "exclude_input_prompt": True,
        "exclude_output_prompt": True,
        "embed_images": True,
        "template_name": "offline",
    },
    "TagRemovePreprocessor": {
        "enabled": True,
        "remove_input_tags": ["hide-input"],
        "remove_cell_tags": ["remove-cell"],
        "remove_all_outputs_tags": ["remove-output"],
    },
}


def log(msg):
    print(msg, flush=True)


# -- les dépendances JavaScript -------------------------------------------------------------

def npm_ci():
    """``npm ci`` dans slides/ si node_modules manque ou ne correspond plus au verrou."""
    lock = SLIDES_SRC / "package-lock.json"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    stamp = NODE_MODULES / ".build-slides-lock.sha256"
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("build_slides : npm est introuvable ; installez Node.js (>= 18) et npm "
                 "(Debian : apt-get install nodejs npm).")
    log("npm ci (slides/package-lock.json)…")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                   cwd=SLIDES_SRC, check=True)
    stamp.write_text(digest + "\n")


def copy_assets(out: Path):
    """Copie les fichiers JavaScript et CSS nécessaires dans <out>/assets."""
    assets = out / "assets"
    if assets.exists():
        shutil.rmtree(assets)
    for src, dst in ASSET_FILES.items():
        target = assets / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(NODE_MODULES / src, target)
    for src, dst in ASSET_DIRS.items():
        shutil.copytree(NODE_MODULES / src, assets / dst)
    versions = {}
    for pkg in ("reveal.js", "requirejs", "jquery", "mathjax"):
        meta = json.loads((NODE_MODULES / pkg / "package.json").read_text())
        versions[pkg] = meta["version"]
    (assets / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n")
    return versions


# -- les carnets ----------------------------------------------------------------------------

def chapter_title(nb, fallback):
    """Le premier titre markdown du carnet (« # … », « ## … »), sans le balisage."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
            if m and m.group(1):
                return m.group(1)
            m = re.search(r"<h[1-6][^>]*>(.*?)</h[1-6]>", line, re.I)
            if m:
                return re.sub(r"<[^>]+>", "", m.group(1)).strip()
    return fallback


def slide_count(nb):
    """Le nombre de diapositives que reveal.js comptera (Reveal.getTotalSlides()) : la première
    cellule visible, puis chaque cellule « slide » ou « subslide » (mêmes règles que nbconvert)."""
    types = []
    for cell in nb.cells:
        if "remove-cell" in cell.metadata.get("tags", []):
            continue
        types.append(cell.metadata.get("slideshow", {}).get("slide_type", "-"))
    visible = [i for i, t in enumerate(types) if t not in ("notes", "skip")]
    if not visible:
        return 0
    return 1 + sum(t in ("slide", "subslide") for t in types[visible[0] + 1:])


def use_inline_backend(nb):
    """``%matplotlib widget`` -> ``%matplotlib inline`` dans la copie exécutée (voir l'en-tête),
    et des figures en double définition (« retina ») : nettes au vidéoprojecteur."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = _WIDGET_MAGIC.sub(r"\1%matplotlib inline", cell.source)
    setup = nbformat.v4.new_code_cell(_SETUP_CODE)
    setup.metadata["tags"] = [_SETUP_TAG]
    nb.cells.insert(0, setup)
    return nb


def drop_setup_cell(nb):
    nb.cells = [c for c in nb.cells if _SETUP_TAG not in c.metadata.get("tags", [])]
    return nb


_NBVAL_MARKER = re.compile(r"^[ \t]*#[ \t]*NBVAL_[A-Z_]+[ \t]*\n?", re.M)


def drop_test_markers(nb):
    """Les marqueurs de nbval (« # NBVAL_CHECK_OUTPUT »…) servent aux tests, pas aux étudiants."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = _NBVAL_MARKER.sub("", cell.source)
    return nb


def drop_stderr(nb):
    """Les avertissements (flux stderr) ne vont pas sur les diapositives : ils contiennent des
    chemins de la machine qui construit et n'apprennent rien aux étudiants."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.output_type == "stream" and o.get("name") == "stderr")]
    return nb


_FR_PUNCT = re.compile(r"[ \u00a0]+([;:!?»])")
_FR_GUILLEMET = re.compile(r"(«)[ \u00a0]+")
_PROTECTED = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$|<[^>\n]*>"
                        r"|\]\([^)\n]*\)|https?://\S+)", re.S)


def french_spacing(nb):
    """Espaces insécables avant « ; : ! ? » et à l'intérieur des guillemets, hors code, formules,
    balises, liens et tableaux : au vidéoprojecteur, un « ; » ne se retrouve plus seul en début
    de ligne."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        parts = _PROTECTED.split(cell.source)
        for k in range(0, len(parts), 2):
            lines = parts[k].split("\n")
            for j, line in enumerate(lines):
                if line.lstrip().startswith("|"):
                    continue  # une ligne de tableau markdown (« | :--- | ») reste telle quelle
                line = _FR_PUNCT.sub("\u00a0\\1", line)
                lines[j] = _FR_GUILLEMET.sub("\\1\u00a0", line)
            parts[k] = "\n".join(lines)
        cell.source = "".join(parts)
    return nb


def snapshot_widgets(nb):
    """Remplace les vues de widget par leur PNG (plus une légende), ou par une phrase."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW not in data:
                outputs.append(out)
                continue
            if "image/png" in data:
                keep = {k: data[k] for k in ("image/png", "text/plain") if k in data}
                out["data"] = keep
                out["metadata"] = {k: v for k, v in out.get("metadata", {}).items()
                                   if k == "image/png"}
                outputs.append(out)
                outputs.append(_html_output("course-snapshot-caption", SNAPSHOT_CAPTION))
            else:
                outputs.append(_html_output("course-snapshot-caption", WIDGET_PLACEHOLDER))
        cell.outputs = outputs
    nb.metadata.pop("widgets", None)
    return nb


def _html_output(css_class, text):
    return nbformat.v4.new_output(
        "display_data",
        data={"text/html": f'<p class="{css_class}">{html.escape(text)}</p>',
              "text/plain": text})


def execute(nb, cwd: Path, timeout=600):
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            store_widget_state=False, record_timing=False,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def export(nb, name):
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    exporter = SlidesExporter(config=Config(copy.deepcopy(EXPORTER_CONFIG)),
                              extra_template_basedirs=[str(TEMPLATES)])
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    return body


def build_one(path: str, out: str):
    """Exécute et exporte un carnet ; renvoie ce que l'index et les tests en retiennent."""
    os.environ.pop("MPLBACKEND", None)  # le noyau hérite de cet environnement
    path, out = Path(path), Path(out)
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    title = chapter_title(nb, path.stem)
    expected = slide_count(nb)
    run = use_inline_backend(copy.deepcopy(nb))
    try:
        execute(run, path.parent)
    except Exception as err:  # noqa: BLE001 — on dit quel carnet a échoué, puis on s'arrête
        raise RuntimeError(f"l'exécution de {path.name} a échoué : {err}") from err
    drop_setup_cell(run)
    snapshot_widgets(run)
    drop_stderr(run)
    drop_test_markers(run)
    french_spacing(run)
    run.metadata["title"] = title
    body = export(run, path.stem)
    target = out / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return {"name": path.stem, "title": title, "slides": expected,
            "html": target.name, "seconds": round(time.perf_counter() - start, 1)}


# -- l'index ---------------------------------------------------------------------------------

def write_index(out: Path, chapters, with_pdf):
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=jinja2.select_autoescape(["html", "j2"]))
    page = env.get_template("chapters.html.j2").render(
        chapters=chapters, with_pdf=with_pdf, built=time.strftime("%d/%m/%Y %H:%M"))
    (out / "index.html").write_text(page, encoding="utf-8")
    (out / "slides.json").write_text(json.dumps(chapters, indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")


# -- le PDF ----------------------------------------------------------------------------------

#: après la mise en page de reveal.js : attendre MathJax, puis réduire chaque diapositive trop
#: haute pour sa page (une page par diapositive, rien de coupé)
_WAIT_MATHJAX = """() => new Promise(resolve => {
    if (!window.MathJax || !MathJax.Hub) { resolve(false); return; }
    MathJax.Hub.Queue(() => resolve(true));
})"""
_FIT_PAGES = """() => {
    const pages = Array.from(document.querySelectorAll('.pdf-page'));
    let shrunk = 0;
    for (const page of pages) {
        const slide = page.querySelector('section');
        if (!slide) continue;
        const room = page.clientHeight - slide.offsetTop;
        const need = slide.scrollHeight;
        if (need > room && room > 0) {
            slide.style.zoom = (room / need).toFixed(4);
            shrunk += 1;
        }
    }
    // pas de saut de page après la dernière page (sinon chromium ajoute une page blanche)
    if (pages.length) {
        pages[pages.length - 1].style.breakAfter = 'auto';
        pages[pages.length - 1].style.pageBreakAfter = 'auto';
    }
    return {pages: pages.length, shrunk: shrunk};
}"""


def _block_network(route):
    if route.request.url.startswith(("file://", "data:")):
        route.continue_()
    else:
        route.abort()


def build_pdfs(out: Path, chapters):
    from playwright.sync_api import sync_playwright

    pdf_dir = out / "pdf"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    page_w = int(SLIDE_WIDTH * (1 + REVEAL_MARGIN))
    page_h = int(SLIDE_HEIGHT * (1 + REVEAL_MARGIN))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for ch in chapters:
                page = browser.new_page(viewport={"width": page_w, "height": page_h})
                page.route("**/*", _block_network)
                url = (out / ch["html"]).resolve().as_uri() + "?print-pdf"
                page.goto(url, wait_until="load")
                # le gabarit pose la classe course-pdf-ready quand les pages sont en place et
                # MathJax recomposé
                page.wait_for_selector("html.course-pdf-ready", state="attached",
                                       timeout=120_000)
                page.evaluate(_WAIT_MATHJAX)
                page.evaluate("() => document.fonts.ready.then(() => true)")
                fit = page.evaluate(_FIT_PAGES)
                target = pdf_dir / f"{ch['name']}.pdf"
                page.pdf(path=str(target), width=f"{page_w}px", height=f"{page_h}px",
                         print_background=True, prefer_css_page_size=True)
                page.close()
                ch["pdf"] = f"pdf/{target.name}"
                ch["pdf_pages"] = fit["pages"]
                log(f"  pdf/{target.name} : {fit['pages']} pages"
                    + (f" ({fit['shrunk']} diapositive(s) réduite(s) pour tenir dans la page)"
                       if fit["shrunk"] else ""))
        finally:
            browser.close()


# -- le programme ----------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description="Diapositives reveal.js hors ligne (et PDF) "
                                                 "des carnets du cours.")
    parser.add_argument("--notebooks", type=Path, default=DEFAULT_NOTEBOOKS,
                        help="dossier des carnets .ipynb (défaut : notebooks/)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="dossier de sortie (défaut : build/slides/)")
    parser.add_argument("--pdf", action="store_true",
                        help="imprimer aussi chaque présentation en PDF (chromium)")
    parser.add_argument("--pdf-only", action="store_true",
                        help="seulement les PDF, depuis les présentations déjà construites "
                             "dans --out (sans réexécuter les carnets)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="carnets exécutés en parallèle (défaut : 2)")
    args = parser.parse_args(argv)

    if args.pdf_only:
        out = args.out.resolve()
        listing = out / "slides.json"
        if not listing.is_file():
            sys.exit(f"build_slides : {listing} manque ; lancez d'abord la construction "
                     "(make slides)")
        chapters = json.loads(listing.read_text(encoding="utf-8"))
        log("PDF (chromium, mode print-pdf de reveal.js)…")
        build_pdfs(out, chapters)
        write_index(out, chapters, with_pdf=True)
        return

    notebooks = sorted(p for p in args.notebooks.glob("*.ipynb")
                       if not p.name.startswith("."))
    if not notebooks:
        sys.exit(f"build_slides : aucun carnet .ipynb dans {args.notebooks}")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.slides.html"):
        old.unlink()
    if (out / "pdf").is_dir():  # des PDF d'une construction précédente seraient périmés
        shutil.rmtree(out / "pdf")

    start = time.perf_counter()
    npm_ci()
    versions = copy_assets(out)
    log("assets : " + ", ".join(f"{k} {v}" for k, v in versions.items()))

    jobs = max(1, min(args.jobs, len(notebooks)))
    log(f"exécution et export de {len(notebooks)} carnet(s), {jobs} à la fois…")
    if jobs == 1:
        chapters = [build_one(str(p), str(out)) for p in notebooks]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chapters = list(pool.map(build_one, [str(p) for p in notebooks],
                                     [str(out)] * len(notebooks)))
    for ch in chapters:
        log(f"  {ch['html']} : « {ch['title']} », {ch['slides']} diapositives "
            f"({ch['seconds']} s)")

    if args.pdf:
        log("PDF (chromium, mode print-pdf de reveal.js)…")
        build_pdfs(out, chapters)
    write_index(out, chapters, with_pdf=args.pdf)
    log(f"{out / 'index.html'} : {len(chapters)} chapitre(s) en "
        f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
