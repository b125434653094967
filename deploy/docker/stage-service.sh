#!/usr/bin/env bash
# Stages one service with its production dependencies only (no dev tools, no tests of other packages) into OUT:
# OUT/src/main.ts runs with `node --import tsx src/main.ts`. The Dockerfile's build stage runs this; so does
# test/deploy/packaging.test.ts, which starts the staged copy against a real broker.
set -euo pipefail
service="${1:?usage: stage-service.sh <omadm-adapter|webhook-adapter|lwm2m-adapter|normalizer|lifecycle> <out-dir>}"
out="${2:?usage: stage-service.sh <service> <out-dir>}"
case "$service" in
  omadm-adapter | webhook-adapter | lwm2m-adapter | normalizer | lifecycle) ;;
  *) echo "unknown service '$service' (omadm-adapter, webhook-adapter, lwm2m-adapter, normalizer, lifecycle)" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/../.." && pwd)"
rm -rf "$out"
cd "$root"
pnpm --filter "./services/$service" deploy --prod --legacy "$out" >/dev/null
# tsx needs no tsconfig at run time, and this one extends a file that is not staged.
rm -f "$out/tsconfig.json"
