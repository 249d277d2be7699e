# Local images for the cluster, which can pull nothing: busybox from Debian's busybox-static and the pod
# sandbox ("pause") image from e2e/images/pause/pause.c. Both are written as OCI archives by
# e2e/lib/oci-image.py, cached by the hash of their inputs, and imported into containerd's k8s.io namespace
# (the one the CRI plugin serves to the kubelet). Orca's own images (deploy/'s) are built by the Maven build's Jib,
# on a JRE base image made here the same way.
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

# The JRE of the base image the local cluster builds Orca's images on: the modules the operator and the webhook use
# (`jdeps --print-module-deps` of both jars), TLS's elliptic curves, and the zip file system; linked by the JDK
# that builds the jars.
ORCA_JRE_MODULES=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http
ORCA_JRE_MODULES+=,java.security.jgss,java.security.sasl,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.management
ORCA_JRE_MODULES+=,jdk.unsupported,jdk.zipfs
ORCA_BASE_IMAGE=localhost/orca/jre:17

# build_jre_base_image: prints the path of the (cached) archive of $ORCA_BASE_IMAGE, what eclipse-temurin:17-jre
# is to a user's build: a jlink'd JRE in /opt/java/openjdk, on PATH, the C libraries it links, and /tmp. Written
# with the manifest.json of `docker save` too, the format Jib reads a tar:// base image in.
build_jre_base_image() {
  local key dir archive
  key=$( (java -version 2>&1; echo "$ORCA_JRE_MODULES $ORCA_BASE_IMAGE"
    cat "$ORCA_E2E_DIR/lib/oci-image.py" "${BASH_SOURCE[0]}") | sha256sum | cut -c1-12)
  dir=$(_image_cache_dir)
  archive=$dir/jre-$key.tar
  if [ ! -s "$archive" ]; then
    mkdir -p "$dir"
    local work jre path lib home=opt/java/openjdk args=()
    work=$(mktemp -d)
    jre=$work/jre
    jlink --add-modules "$ORCA_JRE_MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 \
      --output "$jre"
    while IFS= read -r path; do
      args+=(--file "$path:$home/${path#"$jre"/}:$(stat -c %a "$path")")
    done < <(find "$jre" -type f)
    while IFS= read -r path; do
      args+=(--symlink "$home/${path#"$jre"/}:$(readlink "$path")")
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
    printf 'root:x:0:0:root:/root:/bin/false\n' >"$work/passwd"
    printf 'root:x:0:\n' >"$work/group"
    args+=(--file "$work/passwd:etc/passwd:0644" --file "$work/group:etc/group:0644" --dir tmp:1777)
    python3 "$ORCA_E2E_DIR/lib/oci-image.py" --out "$archive" --name "$ORCA_BASE_IMAGE" --docker-manifest \
      "${args[@]}" --env "JAVA_HOME=/$home" \
      --env "PATH=/$home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" >/dev/null
    rm -rf "$work"
  fi
  echo "$archive"
}

# build_orca_images: prints the paths of the (cached) archives of deploy/'s images, operator then webhook, built from
# the tree by the Maven build's own definition of them (Jib, pom.xml) on the base image above. `package` first:
# Jib takes the other modules' jars from the reactor only once they are packaged. Cached by the sources of the
# modules the images hold.
build_orca_images() {
  local key dir base module archives=()
  base=$(build_jre_base_image)
  key=$( (echo "$base"; cd "$ORCA_REPO" && find pom.xml plugin-api model operator webhook -name target -prune \
    -o -type f -print | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-12)
  dir=$(_image_cache_dir)
  for module in operator webhook; do archives+=("$dir/orca-$module-$key.tar"); done
  if [ ! -s "${archives[0]}" ] || [ ! -s "${archives[1]}" ]; then
    log "building deploy/'s images with Jib on $ORCA_BASE_IMAGE"
    mvn -B -ntp -q -f "$ORCA_REPO/pom.xml" -pl operator,webhook -am -DskipTests package jib:buildTar \
      -Djib.from.image="tar://$base" >&2 || die "building the images failed (mvn package jib:buildTar)"
    mkdir -p "$dir"
    for module in operator webhook; do
      cp "$ORCA_REPO/$module/target/jib-image.tar" "$dir/orca-$module-$key.tar.tmp"
      mv "$dir/orca-$module-$key.tar.tmp" "$dir/orca-$module-$key.tar"
    done
  fi
  printf '%s\n' "${archives[@]}"
}
