{{/* The services of the chart: values key, name, and the port that serves /healthz, /readyz and /metrics. */}}
{{- define "rosetta.services" -}}
- { key: normalizer, name: normalizer, probePortName: admin }
- { key: webhookAdapter, name: webhook-adapter, probePortName: http }
- { key: omadmAdapter, name: omadm-adapter, probePortName: http }
- { key: lwm2mAdapter, name: lwm2m-adapter, probePortName: admin }
- { key: lifecycle, name: lifecycle, probePortName: http }
{{- end -}}

{{- define "rosetta.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "rosetta.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: rosetta
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "rosetta.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "rosetta.image" -}}
{{- $i := .root.Values.image -}}
{{- $repo := printf "%s%s" $i.repositoryPrefix .name -}}
{{- if $i.registry }}{{ $repo = printf "%s/%s" $i.registry $repo }}{{ end -}}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion $i.tag) -}}
{{- end -}}

{{/* Container ports of a service, by name. */}}
{{- define "rosetta.ports" -}}
{{- $v := index .root.Values .key -}}
{{- if eq .name "normalizer" }}
- { name: admin, containerPort: {{ $v.adminPort }}, protocol: TCP }
{{- else if eq .name "lwm2m-adapter" }}
{{- if $v.config.noSec }}
- { name: coap, containerPort: {{ $v.coapPort }}, protocol: UDP }
{{- end }}
- { name: admin, containerPort: {{ $v.adminPort }}, protocol: TCP }
{{- else }}
- { name: http, containerPort: {{ $v.port }}, protocol: TCP }
{{- end }}
{{- end -}}

{{/* The service's YAML configuration: the values' `config`, with what the chart owns set on top. */}}
{{- define "rosetta.config" -}}
{{- $v := index .root.Values .key -}}
{{- $owned := dict "kafka" (dict "brokers" .root.Values.kafka.brokers "client" .root.Values.kafka.client) -}}
{{- if eq .name "normalizer" }}{{ $_ := set $owned "admin" (dict "host" "0.0.0.0" "port" $v.adminPort) }}{{ end -}}
{{- if eq .name "lwm2m-adapter" }}
{{- $_ := set $owned "coap" (dict "host" "0.0.0.0" "port" $v.coapPort) -}}
{{- $_ := set $owned "admin" (dict "host" "0.0.0.0" "port" $v.adminPort) -}}
{{- $dtls := dict "enabled" $v.dtls.enabled "listen" (dict "host" "0.0.0.0" "port" $v.dtls.port) "sessionSocket" "/run/rosetta/lwm2m-sessions.sock" "securityFile" "/etc/rosetta/lwm2m-security/security.json" "admin" (dict "host" "0.0.0.0" "port" $v.dtls.adminPort) "maxSessions" $v.dtls.maxSessions "idleSeconds" $v.dtls.idleSeconds -}}
{{- if .root.Values.secrets.lwm2mServerCredentials.existingSecret }}{{ $_ := set $dtls "serverCredentials" "/etc/rosetta/lwm2m-server/server.pem" }}{{ end -}}
{{- $_ := set $owned "dtls" $dtls -}}
{{- end -}}
{{- if eq .name "webhook-adapter" }}
{{- $_ := set $owned "http" (dict "host" "0.0.0.0" "port" $v.port) -}}
{{- $_ := set $owned "credentialsFile" "/etc/rosetta/secrets/webhook-credentials.json" -}}
{{- end -}}
{{- if eq .name "lifecycle" }}
{{- $_ := set $owned "http" (dict "host" "0.0.0.0" "port" $v.port) -}}
{{- end -}}
{{- if eq .name "omadm-adapter" }}
{{- $_ := set $owned "http" (dict "host" "0.0.0.0" "port" $v.port) -}}
{{- $_ := set $owned "tenantsFile" "/etc/rosetta/secrets/omadm-tenants.json" -}}
{{- end -}}
{{- toYaml (mustMergeOverwrite (deepCopy $v.config) $owned) -}}
{{- end -}}

{{/* The Secret holding a service's credentials file, if it has one. */}}
{{- define "rosetta.secretName" -}}
{{- if eq .name "webhook-adapter" -}}
{{- default (printf "%s-credentials" (include "rosetta.fullname" .)) .root.Values.secrets.webhookCredentials.existingSecret -}}
{{- else if eq .name "omadm-adapter" -}}
{{- default (printf "%s-credentials" (include "rosetta.fullname" .)) .root.Values.secrets.omadmTenants.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* The DTLS gateway's container ports (in the LwM2M adapter's pod). */}}
{{- define "rosetta.gatewayPorts" -}}
{{- $v := index .root.Values .key -}}
{{- if and (eq .name "lwm2m-adapter") $v.dtls.enabled }}
- { name: coaps, containerPort: {{ $v.dtls.port }}, protocol: UDP }
- { name: dtls-admin, containerPort: {{ $v.dtls.adminPort }}, protocol: TCP }
{{- end }}
{{- end -}}

{{/* The Secret with the LwM2M security file (the DTLS gateway's credentials). */}}
{{- define "rosetta.lwm2mSecuritySecret" -}}
{{- default (printf "%s-security" (include "rosetta.fullname" .)) .root.Values.secrets.lwm2mSecurity.existingSecret -}}
{{- end -}}
