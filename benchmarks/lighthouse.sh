#!/usr/bin/env bash
# Lighthouse 12 (npm; node 20) with Debian's chromium against a real gunicorn on the demo source.
#
#   benchmarks/lighthouse.sh [path ...]        # default: /nl/ and /nl/gemeente/GM0363
#
# Prints, per page and for the mobile and desktop presets: the performance and accessibility
# scores, the bytes transferred on a first load, total blocking time and largest contentful paint.
# Lighthouse itself is fetched by npx into npm's cache (not into the project).
set -euo pipefail
cd "$(dirname "$0")/.."
PATHS=("$@")
[ ${#PATHS[@]} -eq 0 ] && PATHS=("/nl/" "/nl/gemeente/GM0363")
PORT=${PORT:-8097}
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

DASHAPP_BIND="127.0.0.1:$PORT" DASHAPP_WORKERS=2 DASHAPP_LOG_LEVEL=WARNING DASHAPP_DEMO_DIR="$WORK/demo" \
  .venv/bin/gunicorn -c gunicorn.conf.py --access-logfile /dev/null wsgi:server >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done

FLAGS="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking \
--disable-component-update --disable-sync --no-first-run"
for path in "${PATHS[@]}"; do
  for preset in mobile desktop; do
    out="$WORK/report-$preset.json"
    extra=()
    [ "$preset" = desktop ] && extra=(--preset=desktop)
    # Lighthouse sometimes loses the trace of a load on a busy machine (NO_NAVSTART): try again.
    ok=""
    for _attempt in 1 2 3; do
      if CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@12 "http://127.0.0.1:$PORT$path" --quiet \
        --only-categories=performance,accessibility --output=json --output-path="$out" \
        --chrome-flags="$FLAGS" "${extra[@]}" >/dev/null 2>"$WORK/lighthouse.log"; then ok=1; break; fi
    done
    [ -n "$ok" ] || { echo "lighthouse failed for $path ($preset):"; tail -3 "$WORK/lighthouse.log"; continue; }
    .venv/bin/python - "$out" "$path" "$preset" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
audits, categories = report["audits"], report["categories"]
print(
    f"{sys.argv[2]:24s} {sys.argv[3]:8s} performance {categories['performance']['score'] * 100:5.0f}  "
    f"accessibility {categories['accessibility']['score'] * 100:5.0f}  "
    f"transferred {audits['total-byte-weight']['numericValue'] / 1024:7.1f} KiB  "
    f"TBT {audits['total-blocking-time']['numericValue']:6.0f} ms  "
    f"LCP {audits['largest-contentful-paint']['numericValue'] / 1000:5.2f} s"
)
failed = [a["id"] for a in audits.values() if a.get("score") is not None and a["score"] < 1
          and a["id"] in {ref["id"] for ref in categories["accessibility"]["auditRefs"]} and a.get("scoreDisplayMode") == "binary"]
if failed:
    print("    accessibility audits not passed:", ", ".join(failed))
EOF
  done
done
