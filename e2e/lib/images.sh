# Local images for the cluster, which can pull nothing: busybox from Debian's busybox-static and the pod
# sandbox ("pause") image from e2e/images/pause/pause.c. Both are written as OCI archives by
# e2e/lib/oci-image.py, cached by the hash of their inputs, and imported into containerd's k8s.io namespace
# (the one the CRI plugin serves to the kubelet).
# shellcheck shell=bash

PAUSE_IMAGE=registry.k8s.io/pause:3.10
BUSYBOX_IMAGES=(docker.io/library/busybox:1.36 docker.io/library/busybox:latest)

_image_cache_dir() { echo "$ORCA_CACHE/images"; }

# build_pause_image: prints the path of the (cached) pause image archive.
build_pause_image() {
  local src=$ORCA_E2E_DIR/images/pause/pause.c key dir archive
  key=$( (cat "$src" "$ORCA_E2E_DIR/lib/oci-image.py"; echo "$PAUSE_IMAGE") | sha256sum | cut -c1-12)
  dir=$(_image_cache_dir)
  archive=$dir/pause-$key.tar
  if [ ! -s "$archive" ]; then
    mkdir -p "$dir"
    local work
    work=$(mktemp -d)
    cc -static -Os -s -o "$work/pause" "$src"
    python3 "$ORCA_E2E_DIR/lib/oci-image.py" --out "$archive" --name "$PAUSE_IMAGE" \
      --file "$work/pause:pause:0755" --entrypoint '["/pause"]' --user 65535:65535 >/dev/null
    rm -rf "$work"
  fi
  echo "$archive"
}

# build_busybox_image: prints the path of the (cached) busybox image archive. Every applet is a symlink to
# /bin/busybox at the path busybox itself reports, as in the upstream image, so `sh`, `echo`, `sleep`...
# resolve through PATH.
build_busybox_image() {
  local bb=/bin/busybox key dir archive
  [ -x "$bb" ] || die "$bb missing (apt-get install busybox-static)"
  # A dynamically linked busybox would need its libraries in the image.
  if ldd "$bb" >/dev/null 2>&1; then die "$bb is not statically linked; install busybox-static"; fi
  key=$( (sha256sum "$bb"; cat "$ORCA_E2E_DIR/lib/oci-image.py" "${BASH_SOURCE[0]}") | sha256sum | cut -c1-12)
  dir=$(_image_cache_dir)
  archive=$dir/busybox-$key.tar
  if [ ! -s "$archive" ]; then
    mkdir -p "$dir"
    local work args=() applet
    work=$(mktemp -d)
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$work/passwd"
    printf 'root:x:0:\nnobody:x:65534:\n' >"$work/group"
    args+=(--file "$bb:bin/busybox:0755" --file "$work/passwd:etc/passwd:0644" --file "$work/group:etc/group:0644")
    for applet in $("$bb" --list-full); do
      [ "$applet" = bin/busybox ] || args+=(--symlink "$applet:/bin/busybox")
    done
    # Mount points runc would otherwise create; /tmp world-writable like any Linux /tmp.
    args+=(--dir root:0700 --dir tmp:1777 --dir proc --dir sys --dir dev --dir var --dir home)
    local name
    for name in "${BUSYBOX_IMAGES[@]}"; do args+=(--name "$name"); done
    python3 "$ORCA_E2E_DIR/lib/oci-image.py" --out "$archive" "${args[@]}" --cmd '["sh"]' >/dev/null
    rm -rf "$work"
  fi
  echo "$archive"
}

# import_images CTR...: CTR is the ctr command line bound to our containerd socket.
import_images() {
  local archive
  for archive in "$(build_pause_image)" "$(build_busybox_image)"; do
    "$@" -n k8s.io images import "$archive" >/dev/null ||
      die "importing $archive into containerd failed; see $LOG_DIR/containerd.log"
  done
}

# The JRE of Orca's images: the modules the operator and the webhook use (`jdeps --print-module-deps` of both
# jars), TLS's elliptic curves, and the zip file system; linked by the JDK that builds the jars.
ORCA_JRE_MODULES=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http
ORCA_JRE_MODULES+=,java.security.jgss,java.security.sasl,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.management
ORCA_JRE_MODULES+=,jdk.unsupported,jdk.zipfs
ORCA_VERSION=0.1.0

# build_orca_image NAME JAR: prints the path of the (cached) archive of image docker.io/orca/NAME:$ORCA_VERSION,
# the image deploy/ names: a jlink'd JRE, the C libraries it links, JAR as /opt/orca/orca.jar, user 65532.
build_orca_image() {
  local name=$1 jar=$2 key dir archive
  key=$( (sha256sum "$jar"; java -version 2>&1; echo "$ORCA_JRE_MODULES"
    cat "$ORCA_E2E_DIR/lib/oci-image.py" "${BASH_SOURCE[0]}") | sha256sum | cut -c1-12)
  dir=$(_image_cache_dir)
  archive=$dir/orca-$name-$key.tar
  if [ ! -s "$archive" ]; then
    mkdir -p "$dir"
    local work jre path lib args=()
    work=$(mktemp -d)
    jre=$work/jre
    jlink --add-modules "$ORCA_JRE_MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 \
      --output "$jre"
    while IFS= read -r path; do
      args+=(--file "$path:opt/java/${path#"$jre"/}:$(stat -c %a "$path")")
    done < <(find "$jre" -type f)
    while IFS= read -r path; do
      args+=(--symlink "opt/java/${path#"$jre"/}:$(readlink "$path")")
    done < <(find "$jre" -type l)
    # The C libraries the JRE links, from this machine, at the paths its dynamic loader looks in; not those of
    # java.desktop's AWT and sound libraries, which a headless server never loads.
    local native=()
    local desktop='atk-wrapper|awt|awt_headless|awt_xawt|fontmanager|javajpeg|jawt|jsound|lcms|mlib_image|splashscreen'
    mapfile -t native < <(find "$jre/lib" -maxdepth 1 -name '*.so' | grep -Ev "/lib($desktop)\.so$")
    for lib in $(ldd "$jre/bin/java" "$jre"/lib/server/libjvm.so "${native[@]}" 2>/dev/null \
        | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/lib/ { print $1 }' | grep -v "^$jre" | sort -u); do
      args+=(--file "$(readlink -f "$lib"):${lib#/}:0755")
    done
    printf 'root:x:0:0:root:/root:/bin/false\norca:x:65532:65532:orca:/tmp:/bin/false\n' >"$work/passwd"
    printf 'root:x:0:\norca:x:65532:\n' >"$work/group"
    args+=(--file "$jar:opt/orca/orca.jar:0644" --file "$work/passwd:etc/passwd:0644"
      --file "$work/group:etc/group:0644")
    # Mount points: deploy/'s volumes and the service account token, on a read-only root file system.
    args+=(--dir tmp:1777 --dir proc --dir sys --dir dev --dir opt/orca/plugins --dir etc/orca/webhook/tls
      --dir var/run/secrets/kubernetes.io/serviceaccount)
    python3 "$ORCA_E2E_DIR/lib/oci-image.py" --out "$archive" --name "docker.io/orca/$name:$ORCA_VERSION" \
      "${args[@]}" --entrypoint '["/opt/java/bin/java", "-jar", "/opt/orca/orca.jar"]' --user 65532:65532 \
      --env JAVA_HOME=/opt/java >/dev/null
    rm -rf "$work"
  fi
  echo "$archive"
}
