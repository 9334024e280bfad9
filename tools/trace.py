"""L'analyse d'une trace de chromium (format « Trace Event » de ``Tracing`` : une liste
d'événements) : où passe le fil principal de la page entre un appui sur une touche et l'image
peinte qui le suit. Sans navigateur : ``benchmarks/trace_browser.py`` enregistre la trace, ce
module la découpe (et ``tests/test_trace_browser.py`` le vérifie sur une trace synthétique).

- `decompose(events)` : pour chaque appui suivi d'une image reçue, décodée et peinte, les
  durées depuis l'appui et le temps du fil principal par catégorie de tâche (appui, images de
  la page, messages du noyau, réactions de JupyterLab, chargement et décodage de l'image,
  autres) ;
- `main_thread(events)`, `Thread` : le fil ``CrRendererMain`` de la page et ses tâches.
"""

from __future__ import annotations

import bisect
from collections import Counter

WINDOW = 150_000  # µs : on cherche l'image peinte dans les 150 ms qui suivent l'appui


class Thread:
    """Les événements complets (ph « X ») d'un fil, triés, et ceux contenus dans une tâche."""

    def __init__(self, events: list[dict]):
        self.events = sorted(events, key=lambda e: (e["ts"], -e.get("dur", 0)))
        self.starts = [e["ts"] for e in self.events]
        self.tasks = [e for e in self.events if e["name"] == "RunTask"]

    def inside(self, task: dict) -> list[dict]:
        lo = bisect.bisect_left(self.starts, task["ts"])
        hi = bisect.bisect_left(self.starts, task["ts"] + task["dur"])
        return [e for e in self.events[lo:hi] if e is not task]

    def kind(self, task: dict) -> str:
        inner = self.inside(task)
        names = {e["name"] for e in inner}

        def data(e):
            return (e.get("args") or {}).get("data") or {}

        if any(e["name"] == "EventDispatch" and data(e).get("type") == "keydown" for e in inner):
            return "keydown"
        if "ProxyMain::BeginMainFrame" in names:
            return "frame"
        if any(e["name"] == "EventDispatch" and data(e).get("type") == "load" for e in inner):
            return "load"
        if any(e["name"] == "FunctionCall" and data(e).get("functionName") == "_onWSMessage"
               for e in inner):
            return "ws"
        if "MessagePort::Accept" in names:
            return "lab"
        if names & {"ResponseBodyLoader::OnStateChange", "ResourceFetcher::requestResource"}:
            return "blob"
        return "other"


def main_thread(events: list[dict]) -> Thread:
    """Le fil principal de la page : le ``CrRendererMain`` qui a le plus d'événements."""
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    count = Counter((e.get("pid"), e.get("tid")) for e in events)
    mains = [k for k, v in names.items() if v == "CrRendererMain"]
    if not mains:
        raise ValueError("trace sans fil CrRendererMain")
    key = max(mains, key=lambda k: count[k])
    return Thread([e for e in events if (e.get("pid"), e.get("tid")) == key
                   and e.get("ph") == "X" and "dur" in e])


def decompose(events: list[dict]) -> list[dict]:
    """Pour chaque appui suivi d'une image dessinée sur le canevas : durées (ms) depuis l'appui
    et temps du fil principal par catégorie jusqu'à l'image peinte."""
    th = main_thread(events)
    kinds = {id(t): th.kind(t) for t in th.tasks}
    rows = []
    for press in (t for t in th.tasks if kinds[id(t)] == "keydown"):
        window = [t for t in th.tasks if press["ts"] <= t["ts"] <= press["ts"] + WINDOW]
        # l'image reçue est décodée au premier dessin : un « load » qui décode
        load = next((t for t in window if kinds[id(t)] == "load" and any(
            e["name"] == "ImageFrameGenerator::decode" for e in th.inside(t))), None)
        if load is None:
            continue
        paint = next((t for t in window if kinds[id(t)] == "frame"
                      and t["ts"] >= load["ts"] + load["dur"]), None)
        if paint is None:
            continue
        end = paint["ts"] + paint["dur"]
        messages = [t for t in window if kinds[id(t)] == "ws" and t["ts"] < load["ts"]]
        image = next((t for t in reversed(messages) if any(
            e["name"] == "ResourceFetcher::requestResource" for e in th.inside(t))), None)
        busy = Counter()
        for t in window:
            if t["ts"] < end:
                busy[kinds[id(t)]] += (min(t["ts"] + t["dur"], end) - t["ts"]) / 1000
        total = (end - press["ts"]) / 1000
        rows.append({
            "total": total,
            "first_message": (messages[0]["ts"] - press["ts"]) / 1000 if messages else None,
            "image_message": (image["ts"] - press["ts"]) / 1000 if image else None,
            "image_task": image["dur"] / 1000 if image else None,
            "load": (load["ts"] - press["ts"]) / 1000,
            "busy": dict(busy),
            "free": total - sum(busy.values()),
        })
    return rows
