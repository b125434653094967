#!/usr/bin/env bash
# Installs the tools that check the deployment files, into ${ROSETTA_TOOLS:-$HOME/.cache/rosetta-tools}:
#   bin/helm                  — Helm 3, built from source through the Go module proxy (no binary download needed)
#   venv/bin/kubernetes-validate — validates manifests against the Kubernetes JSON schemas it bundles (PyPI)
#   compose-spec.json         — the Compose specification's JSON Schema (from compose-go, through the Go module proxy)
#   bin/rosetta-otelcol       — an OpenTelemetry Collector (OTLP receiver + file exporter) built from the official
#                               collector modules (deploy/tools/otelcol), for the tracing test
# Idempotent: what is already there is kept.
set -euo pipefail
HELM_VERSION=v3.16.4
KUBERNETES_VALIDATE_VERSION=1.37.0
COMPOSE_GO_VERSION=v2.4.7
tools="${ROSETTA_TOOLS:-$HOME/.cache/rosetta-tools}"
mkdir -p "$tools/bin"

if [ ! -x "$tools/bin/helm" ]; then
  echo "building helm $HELM_VERSION (go install) ..."
  GOBIN="$tools/bin" GOFLAGS=-mod=mod go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
fi
if [ ! -x "$tools/venv/bin/kubernetes-validate" ]; then
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
fi
if [ ! -f "$tools/compose-spec.json" ]; then
  dir="$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/compose-spec/compose-go/v2@$COMPOSE_GO_VERSION" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  cp "$dir/schema/compose-spec.json" "$tools/compose-spec.json"
fi
if [ ! -x "$tools/bin/rosetta-otelcol" ]; then
  echo "building the OpenTelemetry Collector for the tracing test (go build) ..."
  (cd "$(dirname "$0")/otelcol" && go build -o "$tools/bin/rosetta-otelcol" .)
fi
echo "deployment tools in $tools: $("$tools/bin/helm" version --short), kubernetes-validate $KUBERNETES_VALIDATE_VERSION, compose-spec $COMPOSE_GO_VERSION, $("$tools/bin/rosetta-otelcol" --version)"
