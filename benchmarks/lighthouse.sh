#!/usr/bin/env bash
# Lighthouse 12 (npm, through npx; node 20) with Debian's chromium against a real gunicorn on the demo
# source, beside the floor Dash itself sets (benchmarks/floor_app.py: one html.Div and one dcc.Graph,
# served by gunicorn with the same compression and plotly.js bundle).
#
#   benchmarks/lighthouse.sh                   # /nl/, a region, a municipality and the floor; 3 runs each
#   RUNS=5 benchmarks/lighthouse.sh /nl/        # other pages (the floor is always measured)
#   PRESETS="mobile desktop" benchmarks/lighthouse.sh
#
# Every load is a cold first visit (Lighthouse starts each run with an empty profile). Prints per
# page and preset the medians of the runs: performance and accessibility scores, total blocking time,
# largest contentful paint, bytes transferred; how far each page is above the floor; and, from the
# run with the median score, Lighthouse's breakdown of what remains: main-thread work by category,
# the scripts that cost most main-thread time, and the largest transfers. The JSON reports (and each
# load's trace) are kept in artifacts/lighthouse/ (git-ignored). Lighthouse itself goes into npm's
# cache, not into the project.
#
# Also from each load's trace: the main thread's CPU time (thread time, which a busy machine inflates
# far less than the wall-clock durations the scores are computed from) in all, and the part of it in
# tasks beyond their first 50 ms ("CPU blocking": what total blocking time counts, before Lighthouse's
# 4x mobile slowdown). Compare pages by these when the scores swing with the machine's load.
#
# The machine's load changes the figures (simulated throttling scales what it measures): compare a
# page with the floor measured in the same run, not with another day's figures.
set -euo pipefail
cd "$(dirname "$0")/.."
PATHS=("$@")
[ ${#PATHS[@]} -eq 0 ] && PATHS=("/nl/" "/nl/veiligheidsregio/VR13" "/nl/gemeente/GM0363")
RUNS=${RUNS:-3}
PRESETS=${PRESETS:-mobile}
PORT=${PORT:-8097}
FLOOR_PORT=${FLOOR_PORT:-8098}
REPORTS=artifacts/lighthouse
WORK=$(mktemp -d)
SERVER=""
FLOOR=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; fi
  if [ -n "$FLOOR" ]; then kill "$FLOOR" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$REPORTS"
rm -f "$REPORTS"/*.json

DASHAPP_BIND="127.0.0.1:$PORT" DASHAPP_WORKERS=2 DASHAPP_LOG_LEVEL=WARNING DASHAPP_DEMO_DIR="$WORK/demo" \
  DASHAPP_SNAPSHOT_DIR="$WORK/snapshots" \
  .venv/bin/gunicorn -c gunicorn.conf.py --access-logfile /dev/null wsgi:server >"$WORK/server.log" 2>&1 &
SERVER=$!
# The floor: no settings file (gunicorn would read ours from the working directory), two workers.
.venv/bin/gunicorn -c /dev/null -w 2 -k gthread --threads 1 --no-control-socket --access-logfile /dev/null \
  -b "127.0.0.1:$FLOOR_PORT" benchmarks.floor_app:server >"$WORK/floor.log" 2>&1 &
FLOOR=$!
up=""
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && curl -sf "http://127.0.0.1:$FLOOR_PORT/" >/dev/null; then
    up=1
    break
  fi
  sleep 1
done
if [ -z "$up" ]; then
  echo "a server did not come up:" >&2
  tail -5 "$WORK/server.log" "$WORK/floor.log" >&2
  exit 1
fi
# Every page once before measuring: the workers' first renders are not what a visitor meets.
for path in "${PATHS[@]}"; do
  for _ in 1 2 3 4; do curl -sf -o /dev/null "http://127.0.0.1:$PORT$path" || true; done
done

FLAGS="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking \
--disable-component-update --disable-sync --no-first-run"
measure() {  # label url preset run
  local out="$REPORTS/$1-$3-$4.json" extra=()
  [ "$3" = desktop ] && extra=(--preset=desktop)
  # Lighthouse sometimes loses the trace of a load on a busy machine (NO_NAVSTART): try again.
  for _attempt in 1 2 3; do
    if CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@12 "$2" --quiet \
      --only-categories=performance,accessibility --output=json --output-path="$out" --save-assets \
      --chrome-flags="$FLAGS" "${extra[@]}" >/dev/null 2>"$WORK/lighthouse.log"; then return 0; fi
  done
  echo "lighthouse failed for $2 ($3):" >&2
  tail -3 "$WORK/lighthouse.log" >&2
  rm -f "$out"
}
for run in $(seq 1 "$RUNS"); do
  for preset in $PRESETS; do
    measure floor "http://127.0.0.1:$FLOOR_PORT/" "$preset" "$run"
    for path in "${PATHS[@]}"; do
      label=$(echo "$path" | sed 's#^/##; s#/$##; s#/#_#g')
      measure "$label" "http://127.0.0.1:$PORT$path" "$preset" "$run"
    done
  done
done

.venv/bin/python - "$REPORTS" "$RUNS" $PRESETS <<'EOF'
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

folder, runs, presets = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
reports = defaultdict(list)


def main_thread_cpu(trace_path):
    """The page's main thread in a load's trace: CPU ms in all, and CPU ms beyond 50 ms per task."""
    if not trace_path.is_file():
        return None
    trace = json.loads(trace_path.read_text())
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    tasks = defaultdict(list)
    for e in events:
        if e.get("name") == "RunTask" and e.get("ph") == "X" and (e.get("pid"), e.get("tid")) in mains:
            tasks[(e["pid"], e["tid"])].append(e.get("tdur", 0) / 1000)
    if not tasks:
        return None
    page = max(tasks.values(), key=sum)  # the renderer that loaded the page did the most work
    return {"cpu": sum(page), "cpu_blocking": sum(max(0.0, t - 50) for t in page)}

for path in sorted(folder.glob("*.json")):
    if path.name.endswith((".trace.json", ".devtoolslog.json")):
        continue
    label, preset, _run = path.stem.rsplit("-", 2)
    report = json.loads(path.read_text())
    report["cpu"] = main_thread_cpu(path.with_name(path.stem + "-0.trace.json"))
    reports[(label, preset)].append(report)


def figures(report):
    audits, categories = report["audits"], report["categories"]
    return {
        "performance": categories["performance"]["score"] * 100,
        "accessibility": categories["accessibility"]["score"] * 100,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        **(report.get("cpu") or {"cpu": float("nan"), "cpu_blocking": float("nan")}),
    }


def medians(items):
    values = [figures(report) for report in items]
    return {key: statistics.median(v[key] for v in values) for key in values[0]}


def line(label, preset, m, count):
    return (
        f"{label:28s} {preset:7s} performance {m['performance']:4.0f}  accessibility {m['accessibility']:4.0f}  "
        f"TBT {m['tbt']:6.0f} ms  FCP {m['fcp']:5.2f} s  LCP {m['lcp']:5.2f} s  "
        f"transferred {m['kib']:7.1f} KiB  main-thread CPU {m['cpu']:5.0f} ms (blocking {m['cpu_blocking']:4.0f})  "
        f"({count} runs)"
    )


def short(url):
    return url.split("?")[0].split("/")[-1] or url


def breakdown(report):
    audits = report["audits"]
    work = audits["mainthread-work-breakdown"]["details"]["items"]
    print("    main-thread work: " + ", ".join(f"{i['groupLabel']} {i['duration']:.0f} ms" for i in work[:6]))
    boot = sorted(audits["bootup-time"]["details"]["items"], key=lambda i: -i["total"])
    print("    scripts by main-thread time: " + ", ".join(
        f"{short(i['url'])} {i['total']:.0f} ms (scripting {i['scripting']:.0f})" for i in boot[:6]))
    requests = sorted(audits["network-requests"]["details"]["items"], key=lambda i: -i.get("transferSize", 0))
    print("    largest transfers: " + ", ".join(
        f"{short(i['url'])} {i.get('transferSize', 0) / 1024:.1f} KiB" for i in requests[:6]))
    if "dom-size" in audits and audits["dom-size"].get("numericValue") is not None:
        print(f"    DOM elements: {audits['dom-size']['numericValue']:.0f}")
    refs = {ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]}
    failed = [a["id"] for a in audits.values() if a["id"] in refs and a.get("score") is not None and a["score"] < 1
              and a.get("scoreDisplayMode") == "binary"]
    if failed:
        print("    accessibility audits not passed: " + ", ".join(failed))


print(f"Lighthouse {next(iter(reports.values()))[0]['lighthouseVersion']}, medians of up to {runs} runs "
      "(cold loads, simulated throttling), on this machine under its current load")
for preset in presets:
    floor = reports.get(("floor", preset))
    floor_m = medians(floor) if floor else None
    for (label, kind), items in sorted(reports.items(), key=lambda kv: kv[0][0] != "floor"):
        if kind != preset:
            continue
        m = medians(items)
        print(line(label, preset, m, len(items)))
        if floor_m and label != "floor":
            print(f"    above the floor: performance {m['performance'] - floor_m['performance']:+.0f}, "
                  f"TBT {m['tbt'] - floor_m['tbt']:+.0f} ms, LCP {m['lcp'] - floor_m['lcp']:+.2f} s, "
                  f"transferred {m['kib'] - floor_m['kib']:+.1f} KiB, CPU {m['cpu'] - floor_m['cpu']:+.0f} ms "
                  f"(blocking {m['cpu_blocking'] - floor_m['cpu_blocking']:+.0f})")
        middle = sorted(items, key=lambda r: r["categories"]["performance"]["score"])[len(items) // 2]
        breakdown(middle)
EOF
