"""Real gunicorn deployments on loopback: one ingest and two web hosts on one snapshot directory, and a
deployment that survives the death of its ingest and of a worker."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from tests.servers import REPO, Server, ServerFailed, fetch, gunicorn

LCPS = "covid-19.csv"


def health(server: Server) -> dict:
    status, _headers, body = fetch(server.url + "/healthz")
    assert status in (200, 503), body[:300]
    return json.loads(body)


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds:g} s: {what}")


def ingest_once(data_dir: Path, snapshots: Path) -> str:
    environment = {
        **os.environ,
        "DASHAPP_DATA_DIR": str(data_dir),
        "DASHAPP_SNAPSHOT_DIR": str(snapshots),
        "DASHAPP_SHARED_RENDERS": "0",  # the web hosts render on demand (tests/servers.py)
    }
    done = subprocess.run(
        [sys.executable, "-m", "dashapp", "ingest", "--once"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()[-3]


def bump_lcps(data_dir: Path, change: int) -> None:
    header, *rows = (data_dir / LCPS).read_text().splitlines()
    cells = rows[0].split(",")
    cells[1] = str(int(cells[1]) + change)
    scratch = data_dir / ".lcps.new"
    scratch.write_text("\n".join([header, ",".join(cells), *rows[1:]]) + "\n")
    scratch.replace(data_dir / LCPS)


@pytest.fixture
def data_dir(demo_data_dir, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_data_dir, target)
    return target


def served_versions(server: Server, requests: int = 8) -> set[str]:
    """The versions named by several answers (which may come from either worker)."""
    return {fetch(server.url + "/nl/")[1]["X-Data-Version"] for _ in range(requests)}


def test_two_web_hosts_on_one_snapshot_directory_serve_the_version_one_ingest_published(data_dir, tmp_path):
    snapshots = tmp_path / "snapshots"
    first = ingest_once(data_dir, snapshots)
    web_only = {"DASHAPP_INGEST": "external", "DASHAPP_MANIFEST_SECONDS": "0.5"}
    try:
        with (
            gunicorn(
                data_dir, tmp_path / "host-a", env={**web_only, "DASHAPP_SNAPSHOT_DIR": str(snapshots)}
            ) as a,
            gunicorn(
                data_dir, tmp_path / "host-b", env={**web_only, "DASHAPP_SNAPSHOT_DIR": str(snapshots)}
            ) as b,
        ):
            assert health(a)["served_version"] == health(b)["served_version"] == first
            assert served_versions(a) == served_versions(b) == {first}
            assert not any(p.cmdline()[-1:] == ["ingest"] for p in psutil.Process(a.pid).children())

            bump_lcps(data_dir, 4)
            second = ingest_once(data_dir, snapshots)
            assert second != first
            for host in (a, b):
                wait_for(
                    lambda host=host: served_versions(host) == {second}, 10, "every worker on the new version"
                )
                assert health(host)["manifest_version"] == second
    except ServerFailed as error:
        pytest.fail(str(error))


def test_a_deployment_restarts_its_ingest_and_its_workers_without_losing_the_version(data_dir, tmp_path):
    settings = {"DASHAPP_REFRESH_SECONDS": "1", "DASHAPP_MANIFEST_SECONDS": "0.5"}
    try:
        with gunicorn(data_dir, tmp_path / "deployment", env=settings) as server:
            before = health(server)
            version = before["served_version"]
            ingest_pid = before["ingest"]["pid"]
            assert psutil.Process(ingest_pid).ppid() == server.pid  # started by gunicorn's master

            os.kill(ingest_pid, signal.SIGKILL)
            restarted = wait_for(
                lambda: (health(server)["ingest"] or {}).get("pid") not in (None, ingest_pid),
                20,
                "a new ingest",
            )
            assert restarted
            assert health(server)["served_version"] == version  # the same files: the same version

            workers = psutil.Process(server.pid).children()
            worker = next(p for p in workers if "ingest" not in p.cmdline())
            worker.kill()
            for _ in range(20):  # answers keep coming, all of the one version
                status, headers, _body = fetch(server.url + "/nl/")
                assert status == 200 and headers["X-Data-Version"] == version

            bump_lcps(data_dir, 6)
            wait_for(
                lambda: served_versions(server) != {version} and len(served_versions(server)) == 1,
                20,
                "the new file published and served by every worker",
            )
    except ServerFailed as error:
        pytest.fail(str(error))
