"""Command line: ``python -m dashapp export ...``, ``check DIR`` and ``boundaries download``."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path

from dashapp.clock import today_in_amsterdam
from dashapp.config import Config, default_snapshot_dir
from dashapp.data.boundaries import (
    DEFAULT_BOUNDARY_URLS,
    BoundaryError,
    default_cache_file,
    download_boundaries,
)
from dashapp.data.catalog import LEVELS
from dashapp.data.ingest import Ingest
from dashapp.data.loader import load_directory, matching_files, read_context
from dashapp.data.reference import load_reference
from dashapp.data.repository import SnapshotRepository
from dashapp.data.store import DataStore, store_for
from dashapp.export import UnknownAreaError, resolve_codes, rows, write_csv, write_json


def _export(args: argparse.Namespace) -> int:
    config = Config.from_env()
    if args.data_dir is not None:
        config = Config(data_dir=args.data_dir, demo_days=config.demo_days)
    store: DataStore = store_for(config)
    outcome = store.refresh()
    snapshot = store.current
    if snapshot is None:
        print(f"error: no data could be loaded: {outcome.error}", file=sys.stderr)
        return 1
    if outcome.error:
        print(f"warning: {outcome.error}", file=sys.stderr)
    try:
        codes = resolve_codes(snapshot, args.level, args.code.split(",") if args.code else None)
    except UnknownAreaError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    writer = write_json if args.format == "json" else write_csv
    writer(rows(snapshot, args.level, codes), sys.stdout)
    return 0


def _check(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    if not directory.is_dir():
        print(f"error: {directory} is not a directory", file=sys.stderr)
        return 2
    reference = load_reference()
    result = load_directory(directory, context=read_context(reference, today_in_amsterdam()))
    used = {path.name for path in matching_files(directory).values()}
    failed = 0
    for kind, status in sorted(result.statuses.items()):
        if not status.present:
            continue
        if status.ok:
            span = f", {status.first_date} .. {status.last_date}" if status.first_date else ""
            print(
                f"OK      {status.file} ({kind}): {status.rows} rows{span}, obtained on {status.obtained_on}"
            )
            for note in status.notes:
                print(f"        note: {note}")
        else:
            failed += 1
            print(f"REFUSED {status.file} ({kind}): {status.error}")
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.name not in used:
            print(f"IGNORED {path.name}: not a known source file name")
    if not used:
        print("no known source files found")
    return 1 if failed or not used else 0


def _ingest(args: argparse.Namespace) -> int:
    """Publish snapshots: once (``--once``), or on the refresh timer until SIGTERM or SIGINT.

    Exit codes are 0 and 1 only: gunicorn's master, which reaps this process when it started it,
    stops the whole server on the exit codes 3 and 4 of its own workers.
    """
    logging.getLogger().setLevel(Config.from_env().log_level)
    config = Config.from_env()
    # Publishing and rendering ahead can wait; the web workers beside it answer visitors first.
    with contextlib.suppress(OSError):
        os.nice(INGEST_NICENESS)
    if args.data_dir is not None:
        config = replace(config, data_dir=args.data_dir)
        if not os.environ.get("DASHAPP_SNAPSHOT_DIR"):
            config = replace(config, snapshot_dir=str(default_snapshot_dir(args.data_dir, os.environ)))
    if args.snapshot_dir:
        config = replace(config, snapshot_dir=args.snapshot_dir)
    assert config.snapshot_dir is not None
    repository = SnapshotRepository(config.snapshot_dir)
    store = store_for(config)
    renders = None
    if config.shared_renders:
        from dashapp.app import make_map_view
        from dashapp.callbacks.prerender import BackgroundRenders, RendersWriter

        renders = BackgroundRenders(RendersWriter(repository, store.reference, make_map_view(config)))
    ingest = Ingest(store, repository, after_run=renders)
    if args.once:
        ingest.restore()
        outcome = ingest.run_once()
        if renders is not None:
            renders.wait_idle()
        if outcome.error:
            print(f"warning: {outcome.error}", file=sys.stderr)
        if outcome.version is None:
            return 1
        print(
            f"{'published' if outcome.published else 'unchanged'} {outcome.version} in {config.snapshot_dir}"
        )
        return 0
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    log.info(
        "ingest of %s into %s every %g s",
        config.data_dir or "the demo source",
        config.snapshot_dir,
        config.refresh_seconds,
    )
    ingest.run_forever(stop)
    return 0


def _boundaries(args: argparse.Namespace) -> int:
    target = args.target or default_cache_file()
    try:
        geometry = download_boundaries(args.url or DEFAULT_BOUNDARY_URLS, target)
    except BoundaryError as error:
        print(f"error: {error.describe()}", file=sys.stderr)
        return 1
    print(
        f"installed {target}: {len(geometry.shapes['gm'])} municipalities and "
        f"{len(geometry.shapes['vr'])} safety regions with borders"
    )
    if args.target and args.target != default_cache_file():
        print(f"serve it with DASHAPP_BOUNDARIES={args.target}")
    return 0


log = logging.getLogger("dashapp.ingest")
INGEST_NICENESS = 10


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="python -m dashapp", description="Dutch COVID-19 dashboard tools")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="print indicators of areas in long form")
    export.add_argument("--level", choices=LEVELS, required=True)
    export.add_argument("--code", help="area code(s), comma-separated; default: every area of the level")
    export.add_argument("--data-dir", type=Path, help="directory of raw source files (default: demo source)")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.set_defaults(run=_export)
    check = commands.add_parser("check", help="validate a data directory file by file")
    check.add_argument("directory", type=Path)
    check.set_defaults(run=_check)
    ingest = commands.add_parser(
        "ingest", help="read the sources and publish snapshots for the web workers (once, or on a timer)"
    )
    ingest.add_argument("--once", action="store_true", help="publish once and exit")
    ingest.add_argument(
        "--data-dir", type=Path, help="directory of raw source files (default: DASHAPP_DATA_DIR)"
    )
    ingest.add_argument(
        "--snapshot-dir", help="folder or URL to publish into (default: DASHAPP_SNAPSHOT_DIR)"
    )
    ingest.set_defaults(run=_ingest)
    boundaries = commands.add_parser(
        "boundaries",
        help="download the CBS boundaries (via PDOK) and build a boundary file into the map cache"
        " (needs requirements-dev.txt)",
    )
    boundaries.add_argument("action", choices=("download",))
    boundaries.add_argument(
        "--url", action="append", help="a GeoJSON/TopoJSON URL (repeatable); default: PDOK"
    )
    boundaries.add_argument("--target", type=Path, help="where to install the file (default: the cache)")
    boundaries.set_defaults(run=_boundaries)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
