# Minimal openssl helpers shared by the cluster PKI (e2e/cluster.sh) and the webhook certificates
# (certs/generate.sh). Keys are RSA 2048 in PKCS#8 PEM, which Go and Java (PKCS8EncodedKeySpec) both read.
# shellcheck shell=bash

X509_DAYS=${X509_DAYS:-825}

# x509_ca DIR CN: DIR/ca.key and DIR/ca.crt, a self-signed CA.
x509_ca() {
  local dir=$1 cn=$2
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$dir/ca.key" -subj "/CN=$cn" -days "$((X509_DAYS + 365))" -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$dir/ca.crt"
  chmod 600 "$dir/ca.key"
}

# x509_leaf CADIR OUT_PREFIX SUBJECT EKU [SANS]: OUT_PREFIX.key and OUT_PREFIX.crt signed by CADIR's CA.
#   SUBJECT like /O=system:masters/CN=admin; EKU serverAuth, clientAuth or both comma-separated;
#   SANS an openssl subjectAltName value such as DNS:localhost,IP:127.0.0.1 (required for serving certs:
#   Go and Java ignore the CN of a server certificate).
x509_leaf() {
  local ca=$1 out=$2 subj=$3 eku=$4 sans=${5:-}
  local ext
  ext=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    echo "subjectKeyIdentifier=hash"
    echo "authorityKeyIdentifier=keyid"
    [ -z "$sans" ] || echo "subjectAltName=$sans"
  } >"$ext"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out.key" 2>/dev/null
  chmod 600 "$out.key"
  openssl req -new -key "$out.key" -subj "$subj" |
    openssl x509 -req -CA "$ca/ca.crt" -CAkey "$ca/ca.key" -CAcreateserial -days "$X509_DAYS" -sha256 \
      -extfile "$ext" -out "$out.crt" 2>/dev/null
  rm -f "$ext"
}

# x509_valid CADIR CERT [SECONDS]: the certificate chains to the CA and stays valid for SECONDS more
# (default a day), so an almost-expired set is regenerated rather than reused.
x509_valid() {
  local ca=$1 crt=$2 secs=${3:-86400}
  [ -s "$crt" ] && [ -s "$ca/ca.crt" ] &&
    openssl verify -CAfile "$ca/ca.crt" "$crt" >/dev/null 2>&1 &&
    openssl x509 -in "$crt" -noout -checkend "$secs" >/dev/null 2>&1 &&
    openssl x509 -in "$ca/ca.crt" -noout -checkend "$secs" >/dev/null 2>&1
}

# x509_has_sans CERT SANS: CERT carries exactly the subject alternative names SANS (written as for x509_leaf),
# so a serving certificate is remade when the addresses it must serve change.
x509_has_sans() {
  local crt=$1 sans=$2 got
  got=$(openssl x509 -in "$crt" -noout -ext subjectAltName 2>/dev/null | sed 1d | sed 's/IP Address:/IP:/g; s/ //g')
  [ "$(tr , '\n' <<<"$got" | sort)" = "$(tr , '\n' <<<"$sans" | sort)" ]
}
