"""Où passe le temps de la page entre un appui sur → (curseur η de l'explorateur) et l'image
peinte : une trace de chromium (CDP ``Tracing``), sans aucune sonde dans la page.

Le script ouvre dans JupyterLab un carnet qui montre l'explorateur ipympl d'avant l'issue #16,
``IpymplExplorer(F, eta=0.1)`` (benchmarks/ipympl_explorer.py ; le même que
``bench_browser.py``), donne le focus au bouton du curseur η, enregistre une trace pendant
``--appuis`` appuis espacés de 400 ms, puis découpe, pour chaque appui, le fil principal de
la page (``CrRendererMain``) entre l'appui et la fin de la première image de la page
produite après que le PNG reçu a été décodé et dessiné (« image peinte »). Chaque tâche du
fil est rangée dans une catégorie :

- appui : le ``keydown`` (le curseur d'ipywidgets envoie la nouvelle valeur) ;
- images de la page : style, mise en page, peinture, envoi au compositeur
  (``BeginMainFrame``), pour tout ce qui a changé à l'écran (bouton du curseur, indicateurs
  « occupé » de JupyterLab, figure, ligne d'état) ;
- messages du noyau : une tâche par message reçu sur la websocket (JupyterLab, puis
  ipywidgets, puis ipympl ou le widget concerné) ; le message de l'image est aussi compté à
  part : ipympl y crée l'URL du PNG et y appelle ``toDataURL`` ;
- réactions de JupyterLab : tâches planifiées par ``MessageChannel`` (React, Lumino), qui
  mettent à jour l'état du noyau affiché, avec mise en page forcée ;
- chargement du PNG (URL ``blob:``) et événement ``load`` de l'image (décodage, dessin sur
  le canevas) ;
- autres tâches, et fil libre (aucune tâche : la page attend le noyau ou le réseau).

Si le fil libre est faible, la page est saturée : c'est elle qui fixe le délai (et, pendant
un glissement, la période des images, puisqu'ipywidgets attend le « idle » du noyau, traité
après l'image, avant d'envoyer la valeur suivante).

Lancer, depuis la racine du dépôt : ``.venv/bin/python -m benchmarks.trace_browser [--appuis 16]
[--garder trace.json]`` (chromium : ``tools.browser``, ``make chromium``). ``--garder`` écrit la
trace, lisible par Perfetto (https://ui.perfetto.dev) ou ``chrome://tracing`` ; ``--relire
trace.json`` l'analyse sans navigateur. Compter une minute.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from tools.trace import decompose

# l'explorateur ipympl seul, comme dans bench_browser.py
CELLS = [
    f"import sys\nsys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
    "from course_utils import LeastSquares, linear_example\n"
    "from benchmarks.ipympl_explorer import IpymplExplorer",
    "e = IpymplExplorer(LeastSquares(*linear_example()), eta=0.1)\ne",
]
CATEGORIES = (
    "devtools.timeline,disabled-by-default-devtools.timeline,"
    "disabled-by-default-devtools.timeline.frame,v8.execute,toplevel,blink,cc,loading")
GAP = 400  # ms entre deux appuis : chaque appui est isolé

LABELS = {
    "keydown": "appui (keydown, envoi de la valeur)",
    "frame": "images de la page (style, mise en page, peinture)",
    "ws": "messages du noyau (JupyterLab, ipywidgets, ipympl)",
    "lab": "réactions de JupyterLab (React, Lumino)",
    "blob": "chargement du PNG (URL blob:)",
    "load": "image chargée : décodage et dessin sur le canevas",
    "other": "autres tâches",
}


def report(rows: list[dict]) -> None:
    med = statistics.median

    def m(key):
        xs = [r[key] for r in rows if r[key] is not None]
        return med(xs) if xs else float("nan")

    print(f"\nAppui → image peinte, fil principal de la page (médianes de {len(rows)} appuis) :")
    print("  délai total (fin de l'image de la page qui montre la nouvelle figure)"
          f" {m('total'):6.1f} ms")
    print(f"  premier message du noyau reçu (busy)             à {m('first_message'):6.1f} ms")
    print(f"  message de l'image reçu                          à {m('image_message'):6.1f} ms"
          f"  (tâche : {m('image_task'):.1f} ms, toDataURL d'ipympl compris)")
    print(f"  image chargée (événement load)                   à {m('load'):6.1f} ms")
    print("  temps du fil principal jusqu'à l'image peinte, par catégorie :")
    for kind, label in LABELS.items():
        print(f"    {label:52s} {med(r['busy'].get(kind, 0.0) for r in rows):6.1f} ms")
    free = [r["free"] for r in rows]
    share = med(r["free"] / r["total"] for r in rows)
    print(f"    {'fil libre (attente du noyau, du réseau)':52s} {med(free):6.1f} ms"
          f"  ({share:.0%} du délai)")


# --------------------------------------------------------------------------- programme


def record(presses: int) -> list[dict]:
    from tools.lab import SLIDER_HANDLE, notebook_in_browser

    print("Démarrage de JupyterLab et de chromium…", flush=True)
    with notebook_in_browser(CELLS, prefix="trace-browser-") as (page, _, _):
        page.locator(f".course-explorer {SLIDER_HANDLE}").first.focus()
        page.wait_for_timeout(500)
        cdp = page.context.new_cdp_session(page)
        events, done = [], []
        cdp.on("Tracing.dataCollected", lambda ev: events.extend(ev["value"]))
        cdp.on("Tracing.tracingComplete", lambda ev: done.append(True))
        cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
        page.wait_for_timeout(GAP)
        print(f"Trace de {presses} appuis…", flush=True)
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(GAP)
        cdp.send("Tracing.end")
        while not done:
            page.wait_for_timeout(100)
    return events


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--appuis", type=int, default=16, help="appuis isolés tracés")
    ap.add_argument("--garder", type=Path, help="écrire la trace (JSON) dans ce fichier")
    ap.add_argument("--relire", type=Path, help="analyser une trace déjà écrite, sans navigateur")
    args = ap.parse_args(argv)
    if args.relire:
        events = json.loads(args.relire.read_text())
    else:
        events = record(args.appuis)
        if args.garder:
            args.garder.write_text(json.dumps(events))
            print(f"Trace écrite : {args.garder}")
    rows = decompose(events)
    if not rows:
        raise SystemExit("aucun appui suivi d'une image dessinée dans la trace")
    report(rows)


if __name__ == "__main__":
    main()
