#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Makes a local CA and the admission webhook's serving certificate.
#
#   certs/generate.sh [--force | --renew] [OUTDIR]      (OUTDIR defaults to certs/out, which git ignores)
#
# Writes OUTDIR/ca.crt, ca.key, tls.crt, tls.key and ca-bundle.b64 (the CA as one base64 line: the
# caBundle of a webhook configuration). The certificate names the webhook both as the host process the
# local cluster runs (localhost, 127.0.0.1) and as an in-cluster Service (orca-webhook.orca-system.svc...).
# Existing files are kept while they still chain to the CA and are valid for a day; --force remakes them.
# --renew issues a new serving key and certificate under the existing CA, as cert-manager's renewal does:
# the caBundle stays valid, and a running webhook picks the new pair up without a restart.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../e2e/lib/x509.sh
. "$here/../e2e/lib/x509.sh"

force=false
renew=false
out=""
for arg in "$@"; do
  case $arg in
    --force) force=true ;;
    --renew) renew=true ;;
    -h | --help) awk 'NR > 2 && !/^#/ {exit} NR > 2 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    -*) echo "unknown option $arg" >&2; exit 2 ;;
    *) out=$arg ;;
  esac
done
out=${out:-$here/out}
mkdir -p "$out"
out=$(cd "$out" && pwd)

sans="DNS:localhost,IP:127.0.0.1,DNS:orca-webhook,DNS:orca-webhook.orca-system"
sans+=",DNS:orca-webhook.orca-system.svc,DNS:orca-webhook.orca-system.svc.cluster.local"

if $renew; then
  [ -s "$out/ca.key" ] || { echo "no CA in $out to renew under; run without --renew first" >&2; exit 1; }
  x509_leaf "$out" "$out/renewed" "/O=orca/CN=orca-webhook.orca-system.svc" serverAuth "$sans"
  mv "$out/renewed.key" "$out/tls.key"
  mv "$out/renewed.crt" "$out/tls.crt"
  echo "renewed the webhook certificate in $out" >&2
elif ! $force && [ -s "$out/tls.key" ] && [ -s "$out/ca-bundle.b64" ] && x509_valid "$out" "$out/tls.crt"; then
  echo "keeping the valid certificates in $out (--force to remake them)" >&2
else
  # Remake the CA too: a new serving certificate under an old CA would be fine, but a half-written set
  # (e.g. tls.crt from another CA) is what we are most likely repairing here.
  rm -f "$out"/{ca.crt,ca.key,ca.srl,tls.crt,tls.key,ca-bundle.b64}
  x509_ca "$out" "orca-webhook-ca"
  x509_leaf "$out" "$out/tls" "/O=orca/CN=orca-webhook.orca-system.svc" serverAuth "$sans"
  base64 -w0 "$out/ca.crt" >"$out/ca-bundle.b64"
  echo "wrote a CA and webhook certificate to $out" >&2
fi
echo "$out"
