"""What ``/healthz`` says about the data: one report, whichever store serves the snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from dashapp.data.freshness import Freshness, assess, has_cadence
from dashapp.data.snapshot import Snapshot

# The freshness fields of a source without data (or without a known cadence).
NOT_ASSESSED: dict[str, object] = {"cadence": None, "expected_by": None, "stale": False, "days_late": 0}


def freshness_of(snapshot: Snapshot | None, today: date) -> dict[str, Freshness]:
    """Per source kind with data and a known cadence: how current its file is today."""
    if snapshot is None:
        return {}
    return {
        kind: assess(kind, status.obtained_on, today, status.last_date)
        for kind, status in snapshot.sources.items()
        if status.obtained_on is not None and has_cadence(kind)
    }


def health_report(
    snapshot: Snapshot | None,
    today: date,
    *,
    demo: bool,
    last_attempt: datetime | None,
    last_error: str | None,
    refresh_seconds: float | None,
    refreshing: bool,
    risk_levels: Mapping[str, object],
) -> dict[str, object]:
    now = datetime.now(UTC)
    freshness = freshness_of(snapshot, today)
    sources: dict[str, dict[str, object]] = {}
    problems: list[dict[str, object]] = []
    for kind, status in snapshot.sources.items() if snapshot else ():
        fresh = freshness.get(kind)
        sources[kind] = {**status.to_json(), **(fresh.to_json() if fresh else NOT_ASSESSED)}
        if status.problem is not None:
            problems.append(
                {"kind": kind, **status.problem.to_json(), "serving_previous": status.serving_previous}
            )
    stale = sorted(kind for kind, fresh in freshness.items() if fresh.late)
    if snapshot is None:
        state = "starting"
    elif last_error or problems or stale or risk_levels.get("error"):
        state = "degraded"
    else:
        state = "ok"
    return {
        "status": state,
        "version": snapshot.version if snapshot else None,
        "demo": snapshot.demo if snapshot else demo,
        "built_at": snapshot.built_at.isoformat() if snapshot else None,
        "age_seconds": round((now - snapshot.built_at).total_seconds(), 1) if snapshot else None,
        "data_obtained_on": snapshot.obtained_on.isoformat() if snapshot and snapshot.obtained_on else None,
        "today": today.isoformat(),
        "last_attempt": last_attempt.isoformat() if last_attempt else None,
        "last_error": last_error,
        "refresh_seconds": refresh_seconds,
        "refreshing": refreshing,
        "problems": problems,
        "stale": stale,
        "risk_levels": dict(risk_levels),
        "sources": sources,
    }
