"""Les diapositives hors ligne (``make slides``, ``make slides-pdf``), vérifiées dans chromium.

Une construction par session (``make slides-pdf`` dans un dossier temporaire), puis, pour
chaque carnet : la présentation s'ouvre depuis le disque avec **toute requête non ``file://``
bloquée**, reveal.js démarre avec le bon nombre de diapositives, MathJax a rendu les formules,
toutes les images sont chargées, aucune entrée cachée (``hide-input``) n'est visible, rien
n'échoue (console, requêtes), aucune diapositive ne déborde en largeur ; le PDF a une page par
diapositive. Des captures d'écran vont dans ``test-artifacts/slides/``. Les explorateurs sont
vivants sans noyau : dans une présentation hors ligne, un appui sur → du curseur η change la
figure (et pas la diapositive) ; sans JavaScript, leur image PNG reste. À part, sur un petit
carnet : une cellule ``solution`` n'apparaît pas, mais s'exécute (la suite en dépend).

Le navigateur (fixture ``browser`` de pytest-playwright) est le chromium de ``tools.browser``,
réglé par ``browser_type_launch_args`` dans ``tests/e2e/conftest.py``.

``SLIDES_NOTEBOOKS=/autre/dossier`` fait tourner ces tests sur d'autres carnets.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from tools.browser import only_local_files
from tools.lab import REPO_ROOT, write_notebook

pytestmark = pytest.mark.e2e

NOTEBOOKS = Path(os.environ.get("SLIDES_NOTEBOOKS", REPO_ROOT / "notebooks"))
ARTIFACTS = REPO_ROOT / "test-artifacts" / "slides"
VIEWPORT = {"width": 1280, "height": 720}
CAPTION = "Instantané : ouvrez le carnet dans JupyterLab pour déplacer les curseurs."
REMOVED = ("remove-cell", "solution")  # étiquettes des cellules absentes des diapositives

DECKS = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))


def make_slides(target: str, notebooks: Path, out: Path) -> str:
    """``make <target>`` (slides ou slides-pdf) des carnets de `notebooks` dans `out` ; renvoie
    sa sortie, échoue avec elle si make échoue."""
    env = {k: v for k, v in os.environ.items()  # pas de make parent (jobserver, niveau)
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    proc = subprocess.run(
        ["make", "--no-print-directory", target, f"SLIDES_NOTEBOOKS={notebooks}",
         f"SLIDES_DIR={out}"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"make {target} a échoué :\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Construit toutes les présentations et leurs PDF, une fois pour la session."""
    if not DECKS:
        pytest.skip(f"aucun carnet .ipynb dans {NOTEBOOKS}")
    out = tmp_path_factory.mktemp("slides")
    log = make_slides("slides-pdf", NOTEBOOKS, out)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "build.log").write_text(log, encoding="utf-8")
    return out


# -- ce que le carnet annonce ---------------------------------------------------------------

def expected_slides(nb):
    """Diapositives attendues : la première cellule visible, puis chaque « slide »/« subslide »."""
    types = [c.metadata.get("slideshow", {}).get("slide_type", "-") for c in nb.cells
             if not set(REMOVED) & set(c.metadata.get("tags", []))]
    first = next(i for i, t in enumerate(types) if t not in ("skip", "notes"))
    return 1 + sum(t in ("slide", "subslide") for t in types[first + 1:])


def hidden_code_lines(nb):
    """Pour chaque cellule ``hide-input`` montrée, sa plus longue ligne de code."""
    lines = []
    for c in nb.cells:
        if (c.cell_type == "code" and "hide-input" in c.metadata.get("tags", [])
                and c.metadata.get("slideshow", {}).get("slide_type") != "skip"):
            candidates = [ln.strip() for ln in c.source.splitlines()
                          if ln.strip() and not ln.strip().startswith(("#", "%"))]
            if candidates:
                lines.append(max(candidates, key=len))
    return lines


def has_formulas(nb):
    return any(c.cell_type == "markdown" and re.search(r"\$[^$]+\$", c.source)
               for c in nb.cells
               if c.metadata.get("slideshow", {}).get("slide_type") not in ("skip", "notes"))


# -- le navigateur --------------------------------------------------------------------------

def open_offline(browser, url):
    """Une page où seules les adresses file:// (et data:) passent ; tout incident est noté."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    problems = {"blocked": [], "failed": [], "console": [], "pageerror": []}
    only_local_files(page, problems["blocked"])
    page.on("requestfailed", lambda req: problems["failed"].append(
        f"{req.url} ({req.failure})"))
    page.on("console", lambda msg: problems["console"].append(msg.text)
            if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems["pageerror"].append(str(err)))
    page.goto(url, wait_until="load")
    return context, page, problems


def wait_ready(page):
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    page.evaluate("""() => new Promise(resolve => {
        if (!window.MathJax || !MathJax.Hub) { resolve(); return; }
        MathJax.Hub.Queue(() => resolve());
    })""")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")


SLIDE_FACTS = """() => {
    const leaves = Array.from(document.querySelectorAll('.reveal .slides section'))
        .filter(s => !s.classList.contains('stack'));
    return leaves.map(s => {
        const idx = Reveal.getIndices(s);
        return {h: idx.h, v: idx.v || 0,
                math: s.querySelectorAll('.mjx-chtml').length,
                imgs: s.querySelectorAll('img').length,
                caption: s.querySelectorAll('.course-snapshot-caption').length,
                text: ((s.querySelector('h1, h2, h3, h4') || s).textContent || '')
                      .replace('¶', '').trim().slice(0, 60)};
    });
}"""

CURRENT_OVERFLOW = """() => {
    const s = Reveal.getCurrentSlide();
    const box = s.getBoundingClientRect();
    // (les images montrées : l'image PNG d'un explorateur vivant est cachée, display: none)
    const imgs = Array.from(s.querySelectorAll('img')).filter(i => i.getClientRects().length)
                                                      .map(i => {
        const r = i.getBoundingClientRect();
        return {left: r.left - box.left, right: box.right - r.right,
                top: r.top - box.top, height: r.height, slideHeight: box.height};
    });
    const wideMath = Array.from(s.querySelectorAll('.MJXc-display'))
        .filter(d => d.clientWidth > 0 && d.scrollWidth > d.clientWidth + 2).length;
    const wideCode = Array.from(s.querySelectorAll('pre'))
        .filter(p => p.clientWidth > 0 && p.scrollWidth > p.clientWidth + 2).length;
    return {scrollW: s.scrollWidth, clientW: s.clientWidth,
            scrollH: s.scrollHeight, clientH: s.clientHeight, imgs: imgs, wideMath: wideMath,
            wideCode: wideCode};
}"""


def goto_slide(page, h, v):
    page.evaluate(f"() => Reveal.slide({h}, {v})")
    page.wait_for_function(
        f"() => {{ const i = Reveal.getIndices(); return i.h === {h} && (i.v || 0) === {v}; }}")
    page.evaluate("""() => new Promise(resolve => {
        if (!window.MathJax || !MathJax.Hub) { resolve(); return; }
        MathJax.Hub.Queue(() => resolve());
    })""")
    page.wait_for_timeout(60)


# -- les tests -------------------------------------------------------------------------------

@pytest.mark.parametrize("deck", DECKS or ["(aucun carnet)"])
def test_deck_offline(built, browser, deck):
    nb = nbformat.read(NOTEBOOKS / f"{deck}.ipynb", as_version=4)
    html_file = built / f"{deck}.slides.html"
    assert html_file.is_file(), f"{html_file.name} n'a pas été construit"
    context, page, problems = open_offline(browser, html_file.as_uri())
    try:
        wait_ready(page)

        # reveal.js a démarré, avec autant de diapositives que le carnet en annonce
        assert page.evaluate("() => Reveal.getTotalSlides()") == expected_slides(nb)

        # MathJax : plus de $$ ni de TeX brut dans le texte des cellules markdown
        raw = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-RenderedMarkdown'))
            .map(el => { const c = el.cloneNode(true);
                         c.querySelectorAll('script, style').forEach(x => x.remove());
                         return c.textContent; }).join('\\n')""")
        assert "$$" not in raw, "des formules $$ … $$ n'ont pas été rendues par MathJax"
        leftovers = re.findall(r"\\(?:mathbf|frac|nabla|sum|eta)\b", raw)
        assert not leftovers, f"du TeX brut reste visible : {leftovers[:5]}"
        if has_formulas(nb):
            assert page.locator(".mjx-chtml").count() > 0, "aucune formule rendue par MathJax"
        assert page.locator(".mjx-merror, .MathJax_Error").count() == 0, "erreur MathJax"

        # toutes les images sont chargées
        broken = page.evaluate("""() => Array.from(document.images)
            .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80))""")
        assert not broken, f"images non chargées : {broken}"

        # les cellules hide-input ne montrent que leur sortie
        assert page.locator(".celltag_hide-input .jp-InputArea").count() == 0
        inputs = page.evaluate("""() => Array.from(
            document.querySelectorAll('.jp-CodeCell .jp-InputArea'))
            .map(e => e.textContent).join('\\n')""")
        for line in hidden_code_lines(nb):
            assert line not in inputs, f"le code caché « {line} » est visible"

        # les explorateurs : des vues de widgets vivantes (état dans la page) ; les autres
        # widgets (sonde de gradient, mini-lots : ipympl) : des images légendées
        # (une cellule par ligne : collées, « probe » puis « Explorer(F) » feraient
        # « probeExplorer(F) », que la recherche ne compterait pas)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        views = page.locator("script[type='application/vnd.jupyter.widget-view+json']").count()
        states = page.locator("script[type='application/vnd.jupyter.widget-state+json']")
        explorers = len(re.findall(r"(?<![A-Za-z])Explorer\(", code))
        assert views == explorers and states.count() == (1 if explorers else 0)
        if explorers:
            page.wait_for_function("(n) => document.querySelectorAll('.course-web-figure')"
                                   ".length === n", arg=explorers, timeout=60_000)
        if "GradientProbe(" in code or "MiniBatchExplorer(" in code:
            assert CAPTION in page.locator(".course-snapshot-caption").first.inner_text()

        # chaque diapositive : pas de débordement en largeur, figures entières
        facts = page.evaluate(SLIDE_FACTS)
        scrolling = []
        for f in facts:
            goto_slide(page, f["h"], f["v"])
            o = page.evaluate(CURRENT_OVERFLOW)
            where = f"diapositive {f['h']}.{f['v']} ({f['text']!r})"
            assert o["scrollW"] <= o["clientW"] + 2, f"{where} déborde en largeur"
            assert o["wideMath"] == 0, f"{where} : une formule dépasse la largeur"
            assert o["wideCode"] == 0, f"{where} : une ligne de code est coupée au bord"
            for img in o["imgs"]:
                assert img["left"] >= -1 and img["right"] >= -1, f"{where} : image trop large"
                assert img["height"] <= 0.75 * img["slideHeight"] + 2, f"{where} : image trop haute"
            if o["scrollH"] > o["clientH"] + 2:
                scrolling.append(where)
        (ARTIFACTS / f"{deck}-defilement.json").write_text(
            json.dumps(scrolling, indent=1, ensure_ascii=False), encoding="utf-8")

        # captures : titre, première formule, première figure, premier explorateur, fin
        picks = {"titre": facts[0]}
        for key, kind in (("math", "formule"), ("imgs", "figure"), ("caption", "explorateur")):
            hit = next((f for f in facts if f[key]), None)
            if hit:
                picks[kind] = hit
        picks["fin"] = facts[-1]
        for kind, f in picks.items():
            goto_slide(page, f["h"], f["v"])
            page.screenshot(path=str(ARTIFACTS / f"{deck}-{f['h']:02d}-{f['v']:02d}-{kind}.png"))

        assert not problems["blocked"], f"requêtes réseau tentées : {problems['blocked']}"
        assert not problems["failed"], f"requêtes échouées : {problems['failed']}"
        assert not problems["pageerror"], f"erreurs JavaScript : {problems['pageerror']}"
        assert not problems["console"], f"erreurs dans la console : {problems['console']}"
    finally:
        context.close()


def explorer_deck():
    """Le premier carnet qui montre un explorateur."""
    for deck in DECKS:
        nb = nbformat.read(NOTEBOOKS / f"{deck}.ipynb", as_version=4)
        if any("Explorer(" in c.source for c in nb.cells if c.cell_type == "code"):
            return deck
    pytest.skip("aucun explorateur dans les carnets")


FIGURE = "document.querySelector('.course-web-figure')"


def press_eta_offline(page):
    """Trois appuis sur → du curseur « pas η » du premier explorateur d'une page sans noyau ;
    attend que sa figure change. Renvoie la lecture du curseur avant et après."""
    canvas = page.locator(".course-web-figure canvas").first
    canvas.scroll_into_view_if_needed()
    before = canvas.evaluate("c => c.toDataURL('image/png')")
    slider = page.locator(".widget-slider").filter(has_text="pas η").first
    readout = slider.locator(".widget-readout").first.inner_text()
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    page.wait_for_function("([c, b]) => c.toDataURL('image/png') !== b",
                           arg=[canvas.element_handle(), before], timeout=10_000)
    return readout, slider.locator(".widget-readout").first.inner_text()


def test_explorer_moves_offline(built, browser):
    """Une présentation ouverte depuis le disque, sans réseau ni noyau : le curseur η d'un
    explorateur, au clavier, fait bouger la figure (calculée par le miroir JavaScript) ; les
    flèches restent au curseur (la diapositive ne change pas)."""
    deck = explorer_deck()
    context, page, problems = open_offline(browser, (built / f"{deck}.slides.html").as_uri())
    try:
        wait_ready(page)
        page.wait_for_function(f"() => {FIGURE} && {FIGURE}.__courseFigure.draws > 0",
                               timeout=60_000)
        h, v = page.evaluate(f"() => {{ const i = Reveal.getIndices({FIGURE}.closest("
                             "'section:not(.stack)')); return [i.h, i.v || 0]; }")
        goto_slide(page, h, v)
        # le fond a été rendu à 2 pixels par pixel CSS (figures « retina » des diapositives) :
        # net au projecteur
        bw, lw = page.evaluate(f"() => {{ const v = {FIGURE}.__courseFigure; "
                               "return [v.background.width, v.layout.width]; }")
        assert bw == round(2 * lw), (bw, lw)
        # les points du noyau enregistrés dans la page : la figure au repos est celle de numpy
        assert set(page.evaluate(f"() => {FIGURE}.__courseFigure.source").values()) <= {
            "noyau", "miroir"}
        readout, after = press_eta_offline(page)
        assert after != readout
        # hors ligne aussi, la lecture est à la française (« 0,4286 »)
        assert re.fullmatch(r"\d+,\d+", after), (readout, after)
        assert set(page.evaluate(f"() => {FIGURE}.__courseFigure.source").values()) == {
            "miroir"}
        assert page.evaluate("() => [Reveal.getIndices().h, Reveal.getIndices().v || 0]") == [
            h, v], "les flèches ont changé de diapositive"
        # l'image PNG de secours est cachée sous la vue vivante
        assert not page.locator(".course-widget-snapshot").first.is_visible()
        # la ligne d'état (calculée par le noyau pour l'η du carnet) ne décrit plus la figure :
        # sans noyau, elle s'estompe (transition CSS, après 0,6 s)
        page.wait_for_function(
            "() => { const s = document.querySelector('.course-explorer.course-status-stale"
            " > .widget-html'); return s && +getComputedStyle(s).opacity < 0.5; }",
            timeout=5_000)
        page.screenshot(path=str(ARTIFACTS / f"{deck}-explorateur-deplace.png"))
        assert not problems["blocked"], f"requêtes réseau tentées : {problems['blocked']}"
        assert not problems["failed"] and not problems["pageerror"], problems
    finally:
        context.close()


def test_explorer_image_without_javascript(built, browser):
    """Sans JavaScript (visionneuse, lecteur qui le bloque) : l'image PNG de l'explorateur."""
    deck = explorer_deck()
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    try:
        page = context.new_page()
        only_local_files(page)
        page.goto((built / f"{deck}.slides.html").as_uri(), wait_until="load")
        img = page.locator("img.course-widget-snapshot").first
        assert img.evaluate("i => i.complete && i.naturalWidth") == 1000
        assert page.locator(".course-web-figure").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("deck", DECKS or ["(aucun carnet)"])
def test_pdf_one_page_per_slide(built, deck):
    from pypdf import PdfReader

    nb = nbformat.read(NOTEBOOKS / f"{deck}.ipynb", as_version=4)
    pdf = built / "pdf" / f"{deck}.pdf"
    assert pdf.is_file(), f"{pdf.name} n'a pas été imprimé"
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == expected_slides(nb)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height), "les pages doivent être au format paysage"
    text = reader.pages[0].extract_text() or ""
    assert text.strip(), "la première page du PDF est vide"


def test_index_lists_chapters(built, browser):
    assert (built / "assets" / "reveal.js" / "dist" / "reveal.js").is_file()
    context, page, problems = open_offline(browser, (built / "index.html").as_uri())
    try:
        chapters = page.locator(".chapters li")
        assert chapters.count() == len(DECKS)
        for k, deck in enumerate(DECKS):
            nb = nbformat.read(NOTEBOOKS / f"{deck}.ipynb", as_version=4)
            heading = next(re.sub(r"^#+\s*", "", ln).strip() for c in nb.cells
                           if c.cell_type == "markdown" for ln in c.source.splitlines()
                           if ln.startswith("#"))
            link = chapters.nth(k).locator("a.deck")
            assert link.inner_text().strip() == heading
            assert link.get_attribute("href") == f"{deck}.slides.html"
            assert f"{expected_slides(nb)} diapositives" in chapters.nth(k).inner_text()
            pdf_link = chapters.nth(k).locator("a.pdf")
            assert pdf_link.get_attribute("href") == f"pdf/{deck}.pdf"
            assert (built / pdf_link.get_attribute("href")).is_file()
        assert page.locator("html").get_attribute("lang") == "fr"
        page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
        assert not any(problems.values()), problems
    finally:
        context.close()


def test_solution_cells_are_run_but_not_shown(tmp_path):
    """Une cellule ``solution`` (exercices) s'exécute, la suite en dépend, mais n'est pas
    projetée ; la diapositive qu'elle ouvrait disparaît avec elle."""
    write_notebook(tmp_path / "carnets" / "exercice.ipynb", [
        ("markdown", "# Exercice"),
        ("markdown", "## Calculez la réponse"),
        "reponse = 6 * 7  # SOLUTION-SECRETE",
        "print('la réponse :', reponse)",
    ])
    nb = nbformat.read(tmp_path / "carnets" / "exercice.ipynb", as_version=4)
    for cell, slide_type in zip(nb.cells, ["slide", "subslide", "subslide", "-"], strict=True):
        cell.metadata["slideshow"] = {"slide_type": slide_type}
    nb.cells[2].metadata["tags"] = ["solution"]
    nbformat.write(nb, tmp_path / "carnets" / "exercice.ipynb")

    make_slides("slides", tmp_path / "carnets", tmp_path / "out")
    deck = (tmp_path / "out" / "exercice.slides.html").read_text(encoding="utf-8")
    assert "SOLUTION-SECRETE" not in deck
    assert "la réponse : 42" in deck
    assert "2 diapositives" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
