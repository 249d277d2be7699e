{{/*
Labels of every object: what deploy/kustomization.yaml adds. No Helm-specific labels, so that the default render
stays the objects of deploy/ (Helm marks what it installs with its own label and annotations).
*/}}
{{- define "orca.labels" -}}
app.kubernetes.io/part-of: orca
{{- end }}

{{/* Selector of a component's pods; the argument is "operator" or "webhook". */}}
{{- define "orca.selectorLabels" -}}
app.kubernetes.io/name: orca-{{ . }}
{{- end }}

{{/* Labels of a component's pods. */}}
{{- define "orca.podLabels" -}}
{{ include "orca.selectorLabels" . }}
app.kubernetes.io/component: {{ . }}
{{- end }}

{{/* Labels of a component's objects. */}}
{{- define "orca.componentLabels" -}}
{{ include "orca.podLabels" . }}
{{ include "orca.labels" . }}
{{- end }}

{{/* An image reference from {repository, tag}, the tag defaulting to the chart's appVersion; call with (list image .). */}}
{{- define "orca.image" -}}
{{- $image := index . 0 -}}
{{- $root := index . 1 -}}
{{ $image.repository }}:{{ $image.tag | default $root.Chart.AppVersion }}
{{- end }}

{{- define "orca.pluginsFromImage" -}}
{{- if not (has .Values.plugins.source (list "configMap" "image")) -}}
{{- fail (printf "plugins.source is %q: it must be configMap or image" .Values.plugins.source) -}}
{{- end -}}
{{- if eq .Values.plugins.source "image" }}true{{ end -}}
{{- end }}

{{/* The room for plugins: ORCA_PLUGIN_STAGING_LIMIT and the sizeLimit of their emptyDirs. */}}
{{- define "orca.pluginSizeLimit" -}}
{{ .Values.plugins.sizeLimit | default (ternary "256Mi" "16Mi" (eq (include "orca.pluginsFromImage" .) "true")) }}
{{- end }}

{{/* true when the operator's rules are granted only in the watched namespaces. */}}
{{- define "orca.namespacedRbac" -}}
{{- if and .Values.rbac.namespaced .Values.watchNamespaces }}true{{ end -}}
{{- end }}

{{/* ORCA_WATCH_NAMESPACES: the watched namespaces, comma-separated; empty for all. */}}
{{- define "orca.watchNamespaces" -}}
{{ join "," .Values.watchNamespaces }}
{{- end }}

{{/* A webhook configuration's clientConfig; call with (list "/validate" .). */}}
{{- define "orca.webhookClientConfig" -}}
{{- $path := index . 0 -}}
{{- $root := index . 1 -}}
service:
  name: orca-webhook
  namespace: {{ $root.Release.Namespace }}
  path: {{ $path }}
  port: 443
{{- if not $root.Values.webhook.tls.certManager.enabled }}
caBundle: {{ required "webhook.tls.caBundle is needed without cert-manager: the base64 PEM of the CA that signed the Secret's certificate" $root.Values.webhook.tls.caBundle }}
{{- end }}
{{- end }}

{{/* A webhook configuration's metadata: cert-manager's cainjector fills caBundle from the serving Certificate. */}}
{{- define "orca.webhookConfigurationMetadata" -}}
{{- $name := index . 0 -}}
{{- $root := index . 1 -}}
name: {{ $name }}
labels:
  {{- include "orca.labels" $root | nindent 2 }}
{{- if $root.Values.webhook.tls.certManager.enabled }}
annotations:
  cert-manager.io/inject-ca-from: {{ $root.Release.Namespace }}/orca-webhook-tls
{{- end }}
{{- end }}

{{/* The container securityContext all of Orca's containers share. */}}
{{- define "orca.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{/* The pod securityContext both Deployments share. */}}
{{- define "orca.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The pods' imagePullSecrets, if any. */}}
{{- define "orca.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets -}}
imagePullSecrets:
{{ toYaml . }}
{{- end }}
{{- end }}
