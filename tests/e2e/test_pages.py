"""Les pages HTML hors ligne (``make pages``), vérifiées dans chromium.

Une page (le chapitre 1, construit une fois pour le module dans un dossier temporaire) s'ouvre
depuis le disque avec **toute requête non ``file://`` bloquée** : MathJax a rendu les formules,
toutes les images sont chargées, rien n'échoue (console, requêtes) ; son explorateur est vivant
sans noyau : un appui sur → du curseur η change la figure (calculée par le miroir JavaScript),
la lecture reste à la française et l'image PNG de secours est cachée. Sans JavaScript, l'image
PNG de l'explorateur reste. Captures dans ``test-artifacts/pages/``.
"""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from tools.lab import REPO_ROOT

from .test_slides import open_offline, press_eta_offline

pytestmark = pytest.mark.e2e

CHAPTER = "01_regression_lineaire"
ARTIFACTS = REPO_ROOT / "test-artifacts" / "pages"
FIGURE = "document.querySelector('.course-web-figure')"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    """``make <dossier>/01_regression_lineaire.html <dossier>/assets PAGES_DIR=<dossier>``."""
    out = tmp_path_factory.mktemp("pages")
    env = {k: v for k, v in os.environ.items()  # pas de make parent (jobserver, niveau)
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    proc = subprocess.run(
        ["make", "--no-print-directory", f"{out}/{CHAPTER}.html", f"{out}/assets",
         f"PAGES_DIR={out}"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"make a échoué :\n{proc.stdout}\n{proc.stderr}"
    return out / f"{CHAPTER}.html"


def test_page_offline_with_a_live_explorer(page_file, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page, problems = open_offline(browser, page_file.as_uri())
    try:
        page.wait_for_function(f"() => {FIGURE} && {FIGURE}.__courseFigure.draws > 0",
                               timeout=60_000)
        assert page.locator(".course-web-figure").count() == 1
        # MathJax (servi depuis assets/) a rendu les formules ; les images sont chargées
        page.evaluate("""() => new Promise(resolve => {
            if (!window.MathJax || !MathJax.Hub) { resolve(); return; }
            MathJax.Hub.Queue(() => resolve());
        })""")
        assert page.locator(".mjx-chtml").count() > 0, "formules non rendues"
        assert page.evaluate("""() => [...document.querySelectorAll('img')]
            .filter(i => i.getClientRects().length)
            .every(i => i.complete && i.naturalWidth > 0)""")
        # l'explorateur, au clavier, sans noyau
        readout, after = press_eta_offline(page)
        assert after != readout and re.fullmatch(r"\d+,\d+", after), (readout, after)
        assert set(page.evaluate(f"() => {FIGURE}.__courseFigure.source").values()) == {
            "miroir"}
        assert not page.locator(".course-widget-snapshot").first.is_visible()
        page.locator(".course-explorer").first.screenshot(
            path=str(ARTIFACTS / f"{CHAPTER}-explorateur-deplace.png"))
        assert not problems["blocked"], f"requêtes réseau tentées : {problems['blocked']}"
        assert not problems["failed"] and not problems["pageerror"], problems
        assert not problems["console"], f"erreurs dans la console : {problems['console']}"
    finally:
        context.close()


def test_page_without_javascript_keeps_the_explorer_image(page_file, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(page_file.as_uri(), wait_until="load")
        snapshot = page.locator("img.course-widget-snapshot").first
        assert snapshot.is_visible()
        assert snapshot.evaluate("i => i.complete && i.naturalWidth > 0")
        assert page.locator(".course-web-figure").count() == 0
    finally:
        context.close()
