"""Moving to another municipality, side by side with the open-source Dutch Dash dashboard
shriniwas26/COVID-19-Dashboard-for-the-Netherlands (its dev branch), fed the same RIVM file and served
by the same gunicorn settings, in one run.

    .venv/bin/python benchmarks/bench_peer.py --peer /tmp/peer
    .venv/bin/python benchmarks/bench_peer.py --peer /tmp/peer --rivm FILE --moves 300 --areas 30
    .venv/bin/python benchmarks/bench_peer.py --peer /tmp/peer --accept-encoding "gzip, deflate, br"

``--peer`` is a checkout of the peer (never part of this project): for example
``git --git-dir=<a clone>/.git archive dev | tar -x -C /tmp/peer``. The script copies the RIVM file
into the peer's ``data/`` folder (touched, so the peer does not try to download a newer one) and into
a data folder of ours holding only that file, starts both with gunicorn (one worker each, the worker
class and threads of our ``gunicorn.conf.py``), and times, on loopback, with the peer and ours
alternating request by request:

- ours: every callback a move to another municipality triggers in the browser (all callbacks whose
  input is the address), summed per move; the number of round trips is printed;
- the peer: its municipality callback for one municipality (what a user of its page does to look
  at another municipality);
- a trivial Dash callback served the same way, as the floor of any Dash round trip.

Medians over ``--moves`` moves through ``--areas`` municipalities (both dashboards see the same
ones), after a warm-up round; the ratio is peer / ours. Run it on a quiet machine. ``--baseline DIR``
serves another checkout of this project beside ours in the same run (its moves alternate with the
others'), so that a change is compared with what it replaced under the same load.
``--accept-encoding`` asks every server for compressed answers as a browser does: ours (and the
trivial app) then spend the compression's time too; a server that does not compress answers as before.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import brotli

from dashapp.data.reference import load_reference
from tests.servers import REPO, free_port

SHARED_RIVM = (
    REPO.parent / "shared" / "data" / "rivm" / "2020-09-15" / "COVID-19_aantallen_gemeente_cumulatief.csv"
)
RIVM_NAME = "COVID-19_aantallen_gemeente_cumulatief.csv"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

TRIVIAL_APP = textwrap.dedent(
    """
    from dash import Dash, Input, Output, html

    app = Dash(__name__, compress=True)
    app.layout = html.Div([html.Div(id="source", children="a"), html.Div(id="target")])


    @app.callback(Output("target", "children"), Input("source", "children"))
    def echo(value):
        return value

    server = app.server
    """
)


# Headers sent with every callback; ``--accept-encoding`` adds what a browser sends, so that each
# server compresses its answers as it would for a visitor (the time then includes compressing).
HEADERS = {"Content-Type": "application/json"}


def post(url: str, body: dict) -> bytes:
    """The answer's body as sent (compressed if the server compressed it)."""
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        raw: bytes = response.read()
        encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(raw) if decode_answers else raw
    if encoding == "gzip":
        return gzip.decompress(raw) if decode_answers else raw
    return raw


decode_answers = True  # off while timing: a browser's decoding is not the server's time


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s:\n{log.read_text()[-2000:]}")


@contextmanager
def served(
    command: list[str], cwd: Path, env: dict[str, str], log: Path, ready_path: str, port: int
) -> Iterator[str]:
    with log.open("w") as sink:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + ready_path, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def same_settings(folder: Path) -> Path:
    """A gunicorn config with our worker settings (class, threads, keep-alive) and none of our hooks."""
    config = folder / "same_settings.py"
    config.write_text(
        textwrap.dedent(
            f"""
            import runpy

            _ours = runpy.run_path({str(REPO / "gunicorn.conf.py")!r})
            worker_class = _ours["worker_class"]
            threads = _ours["threads"]
            keepalive = _ours["keepalive"]
            timeout = _ours["timeout"]
            workers = 1
            """
        )
    )
    return config


def parse_outputs(text: str) -> list[dict[str, str]]:
    """Dash's output key ("a.children" or "..a.children...b.hidden..") as id/property pairs."""
    parts = text[2:-2].split("...") if text.startswith("..") else [text]
    return [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]} for part in parts]


def our_move_requests(base: str) -> Callable[[str, dict[str, object]], list[dict]]:
    """The bodies of every server callback whose input is the address, for a given path and the
    values the page holds (by "id.property", e.g. the frame it shows)."""
    on_address = [
        callback
        for callback in get_json(base + "/_dash-dependencies")  # type: ignore[union-attr]
        if not callback.get("clientside_function")
        and any(item["id"] == "url" and item["property"] == "pathname" for item in callback["inputs"])
    ]
    # A pattern-matching callback is sent once per matching component of the page; its ids are
    # not known here. Say so rather than leave it out silently.
    triggered = [callback for callback in on_address if "{" not in callback["output"]]
    for callback in on_address:
        if callback not in triggered:
            print(f"  not measured (pattern-matching, once per component): {callback['output'][:80]}")

    def bodies(path: str, held: dict[str, object]) -> list[dict]:
        result = []
        for callback in triggered:
            outputs = parse_outputs(callback["output"])
            inputs = [
                {**item, "value": path if (item["id"], item["property"]) == ("url", "pathname") else None}
                for item in callback["inputs"]
            ]
            result.append(
                {
                    "output": callback["output"],
                    "outputs": outputs if len(outputs) > 1 else outputs[0],
                    "inputs": inputs,
                    "changedPropIds": ["url.pathname"],
                    "state": [
                        {**item, "value": held.get(f"{item['id']}.{item['property']}")}
                        for item in callback["state"]
                    ],
                }
            )
        return result

    return bodies


def dropdown_values(layout: object, component_id: str) -> set[str]:
    """The option values of the component ``component_id`` in a Dash layout (JSON)."""
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            props = node.get("props", {})
            if isinstance(props, dict) and props.get("id") == component_id:
                return {option["value"] for option in props.get("options", [])}
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return set()


def peer_body(municipality: str) -> dict:
    values = {
        "selected_municipalities": [municipality],
        "covid_metrics": ["Total_reported"],
        "moving_avg": 5,
        "data_type": "Population Adjusted",
        "series_type": "Daily",
    }
    return {
        "output": "mun_figure.children",
        "outputs": {"id": "mun_figure", "property": "children"},
        "inputs": [{"id": name, "property": "value", "value": value} for name, value in values.items()],
        "changedPropIds": ["selected_municipalities.value"],
        "state": [],
    }


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def our_server(checkout: Path, scratch: Path, name: str, rivm: Path) -> tuple[list[str], dict[str, str], int]:
    """The command, environment and port of our gunicorn for ``checkout``, with a data folder
    holding only the RIVM file and a snapshot folder of its own under ``scratch / name``."""
    data = scratch / name / "data"
    data.mkdir(parents=True)
    shutil.copyfile(rivm, data / RIVM_NAME)
    port = free_port()
    env = {
        **os.environ,
        "DASHAPP_DATA_DIR": str(data),
        "DASHAPP_SNAPSHOT_DIR": str(scratch / name / "snapshots"),
        "DASHAPP_BIND": f"127.0.0.1:{port}",
        "DASHAPP_WORKERS": "1",
        "DASHAPP_SHARED_RENDERS": "1",
    }
    return [GUNICORN, "-c", "gunicorn.conf.py", "wsgi:server"], env, port


def wait_for_renders(snapshots: Path, seconds: float = 900) -> bool:
    """Our ingest renders every page part once for the workers: measure with that file in place."""
    renders = snapshots / "renders"
    deadline = time.monotonic() + seconds
    while not any(renders.glob("*.bin")) and time.monotonic() < deadline:
        time.sleep(1)
    return any(renders.glob("*.bin"))


def move_of(base: str, first_path: str) -> tuple[Callable[[str], int], int]:
    """A move of our dashboard at ``base`` to a municipality (every callback it fires), from a page
    that shows ``first_path``; and how many round trips it takes."""
    bodies = our_move_requests(base)
    # The page holds what the first answer gave it (the frame it shows): a move within the
    # municipality tab then redraws the area, not the whole page.
    held: dict[str, object] = {}
    for body in bodies(first_path, held):
        answer = json.loads(post(base + "/_dash-update-component", body))["response"]
        for component, props in answer.items():
            held.update({f"{component}.{name}": value for name, value in props.items()})

    def move(code: str) -> int:
        """Bytes received."""
        return sum(
            len(post(base + "/_dash-update-component", body)) for body in bodies(f"/nl/gemeente/{code}", held)
        )

    return move, len(bodies(first_path, held))


def main() -> None:
    global decode_answers
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--peer", type=Path, required=True, help="a checkout of the peer's dev branch")
    parser.add_argument("--rivm", type=Path, default=SHARED_RIVM, help="the RIVM cumulative file")
    parser.add_argument("--moves", type=int, default=300)
    parser.add_argument("--areas", type=int, default=30)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of this project (e.g. the last commit: git archive HEAD | tar -x -C DIR, "
        "with its translations compiled), measured in the same run as a fourth column",
    )
    parser.add_argument(
        "--accept-encoding",
        help='send this Accept-Encoding with every callback (a browser sends "gzip, deflate, br"): '
        "servers that compress then compress each answer, as for a visitor",
    )
    args = parser.parse_args()
    if args.accept_encoding:
        HEADERS["Accept-Encoding"] = args.accept_encoding
    if not args.rivm.is_file():
        sys.exit(f"no RIVM file at {args.rivm} (give --rivm)")
    if not (args.peer / "covid_dashboard_nl.py").is_file():
        sys.exit(f"{args.peer} is not a checkout of the peer")

    reference = load_reference()
    with tempfile.TemporaryDirectory() as scratch_text, contextlib.ExitStack() as stack:
        scratch = Path(scratch_text)
        (args.peer / "data").mkdir(exist_ok=True)
        shutil.copyfile(args.rivm, args.peer / "data" / RIVM_NAME)
        os.utime(args.peer / "data" / RIVM_NAME)
        (scratch / "trivial_app.py").write_text(TRIVIAL_APP)
        settings = same_settings(scratch)
        plain = ["-c", str(settings)]
        checkouts = {"ours": REPO, **({"baseline": args.baseline} if args.baseline else {})}
        bases: dict[str, str] = {}
        for name, checkout in checkouts.items():
            command, env, port = our_server(checkout, scratch, name, args.rivm)
            bases[name] = stack.enter_context(
                served(command, checkout, env, scratch / f"{name}.log", "/healthz", port)
            )
        others = {}
        for name, module, folder in (
            ("peer", "covid_dashboard_nl", args.peer),
            ("trivial", "trivial_app", scratch),
        ):
            port = free_port()
            others[name] = stack.enter_context(
                served(
                    [GUNICORN, "--bind", f"127.0.0.1:{port}", *plain, f"{module}:server"],
                    folder,
                    dict(os.environ),
                    scratch / f"{name}.log",
                    "/",
                    port,
                )
            )
        peer, trivial = others["peer"], others["trivial"]
        for name in checkouts:
            print(f"  shared renders of {name} ready: {wait_for_renders(scratch / name / 'snapshots')}")
        peer_names = dropdown_values(get_json(peer + "/_dash-layout"), "selected_municipalities")
        codes = [
            code
            for code, municipality in sorted(reference.municipalities.items())
            if municipality.name in peer_names
        ][: args.areas]
        if not codes:
            sys.exit("no municipality is known to both dashboards")
        trivial_body = {
            "output": "target.children",
            "outputs": {"id": "target", "property": "children"},
            "inputs": [{"id": "source", "property": "children", "value": "a"}],
            "changedPropIds": ["source.children"],
            "state": [],
        }
        moves: dict[str, Callable[[str], int]] = {}
        round_trips = {}
        for name, base in bases.items():
            moves[name], round_trips[name] = move_of(base, f"/nl/gemeente/{codes[0]}")

        def move_peer(code: str) -> int:
            return len(post(peer + "/_dash-update-component", peer_body(reference.municipalities[code].name)))

        def trivial_call(_code: str) -> int:
            return len(post(trivial + "/_dash-update-component", trivial_body))

        moves.update(peer=move_peer, trivial=trivial_call)
        decode_answers = False
        for code in codes:  # warm-up: every area once
            for move in moves.values():
                move(code)
        # bytes received per move, as sent (compressed where the server compressed)
        received = {name: move(codes[0]) for name, move in moves.items()}
        samples: dict[str, list[float]] = {name: [] for name in moves}
        for step in range(args.moves):
            code = codes[step % len(codes)]
            for name, move in moves.items():  # alternating request by request
                samples[name].append(timed(lambda move=move, code=code: move(code)))

    median = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    encoding = (
        f", Accept-Encoding: {args.accept_encoding}" if args.accept_encoding else ", no compression asked"
    )
    print(
        f"moving to another municipality, {args.moves} moves over {len(codes)} municipalities"
        f"{encoding}, medians:"
    )
    for name in bases:
        trips = round_trips[name]
        label = f"{name} ({trips} round trip{'s' if trips != 1 else ''})"
        print(f"  {label:28s} {median[name]:8.2f} ms   {received[name] / 1024:6.1f} kB received")
    print(
        f"  {'peer (one callback)':28s} {median['peer']:8.2f} ms   {received['peer'] / 1024:6.1f} kB received"
    )
    print(f"  trivial Dash callback        {median['trivial']:8.2f} ms")
    for name in bases:
        print(f"  peer / {name:21s} {median['peer'] / median[name]:8.2f} x")
        print(f"  {name} / trivial{' ' * (19 - len(name))} {median[name] / median['trivial']:8.2f} x")
        print(f"  {name} - trivial{' ' * (19 - len(name))} {median[name] - median['trivial']:8.2f} ms")


if __name__ == "__main__":
    main()
