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
