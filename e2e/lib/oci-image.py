#!/usr/bin/env python3
"""Write a single-layer OCI image archive (an OCI image layout in a tar) without any container tooling.

The local cluster cannot pull images, so its images are assembled from files on this machine and
imported with `ctr images import`. Everything is made reproducible (fixed mtimes, owners, ordering) so the
same inputs always give the same digests and a cached archive can be reused by its content hash.

Usage:
  oci-image.py --out ARCHIVE --name REF [--name REF ...]
               [--file SRC:DEST[:MODE]] [--symlink DEST:TARGET] [--dir DEST]
               [--entrypoint JSON] [--cmd JSON] [--env K=V] [--user USER] [--workdir DIR] [--docker-manifest]

REF is a full reference such as docker.io/library/busybox:1.36. containerd's importer names the image after
the `io.containerd.image.name` annotation of each index entry, so one entry per name is written, all
pointing at the same manifest. --docker-manifest adds the manifest.json of `docker save` beside the OCI layout, for
tools that read only that format (Jib's tar:// base images).
"""
import argparse
import hashlib
import io
import json
import os
import tarfile

EPOCH = 0  # fixed mtime for every entry: digests must not depend on when the image was built


def tar_info(name, kind, mode, size=0, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.size = size
    info.linkname = linkname
    info.mtime = EPOCH
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def build_layer(files, symlinks, dirs):
    """Return the bytes of an uncompressed layer tar holding the requested entries plus their parent dirs."""
    entries = {}  # path inside the image (no leading slash) -> (TarInfo, data or None)

    def add_parents(path):
        parent = os.path.dirname(path)
        while parent and parent not in entries:
            entries[parent] = (tar_info(parent, tarfile.DIRTYPE, 0o755), None)
            parent = os.path.dirname(parent)

    for d in dirs:
        path, _, mode = d.partition(":")
        path = path.strip("/")
        entries[path] = (tar_info(path, tarfile.DIRTYPE, int(mode, 8) if mode else 0o755), None)
        add_parents(path)
    for f in files:
        parts = f.split(":")
        src, dest = parts[0], parts[1].strip("/")
        with open(src, "rb") as fh:
            data = fh.read()
        mode = int(parts[2], 8) if len(parts) > 2 else (os.stat(src).st_mode & 0o7777)
        entries[dest] = (tar_info(dest, tarfile.REGTYPE, mode, len(data)), data)
        add_parents(dest)
    for s in symlinks:
        dest, target = s.split(":", 1)
        dest = dest.strip("/")
        entries[dest] = (tar_info(dest, tarfile.SYMTYPE, 0o777, linkname=target), None)
        add_parents(dest)

    buf = io.BytesIO()
    # PAX keeps long names portable; sorting gives parents before children and a stable order.
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(entries):
            info, data = entries[path]
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--name", action="append", required=True)
    p.add_argument("--file", action="append", default=[])
    p.add_argument("--symlink", action="append", default=[])
    p.add_argument("--dir", action="append", default=[])
    p.add_argument("--entrypoint")
    p.add_argument("--cmd")
    p.add_argument("--env", action="append", default=[])
    p.add_argument("--user")
    p.add_argument("--workdir")
    p.add_argument("--arch", default="amd64")
    p.add_argument("--docker-manifest", action="store_true")
    args = p.parse_args()

    layer = build_layer(args.file, args.symlink, args.dir)
    layer_digest = digest(layer)  # uncompressed layer: its digest is also its diff_id

    config_section = {"Env": args.env or ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}
    if args.entrypoint:
        config_section["Entrypoint"] = json.loads(args.entrypoint)
    if args.cmd:
        config_section["Cmd"] = json.loads(args.cmd)
    if args.user:
        config_section["User"] = args.user
    if args.workdir:
        config_section["WorkingDir"] = args.workdir
    config = canonical({
        "architecture": args.arch,
        "os": "linux",
        "created": "1970-01-01T00:00:00Z",
        "config": config_section,
        "rootfs": {"type": "layers", "diff_ids": [layer_digest]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "e2e/lib/oci-image.py"}],
    })
    manifest = canonical({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": digest(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": layer_digest, "size": len(layer)}],
    })
    index = canonical({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": digest(manifest),
            "size": len(manifest),
            "platform": {"architecture": args.arch, "os": "linux"},
            "annotations": {
                "io.containerd.image.name": name,
                "org.opencontainers.image.ref.name": name.rsplit(":", 1)[-1],
            },
        } for name in args.name],
    })

    tmp = args.out + ".tmp"
    with tarfile.open(tmp, mode="w", format=tarfile.PAX_FORMAT) as tar:
        def add(name, data):
            tar.addfile(tar_info(name, tarfile.REGTYPE, 0o644, len(data)), io.BytesIO(data))
        add("oci-layout", canonical({"imageLayoutVersion": "1.0.0"}))
        for blob in (layer, config, manifest):
            add("blobs/sha256/" + digest(blob).split(":", 1)[1], blob)
        add("index.json", index)
        if args.docker_manifest:
            add("manifest.json", canonical([{
                "Config": "blobs/sha256/" + digest(config).split(":", 1)[1],
                "RepoTags": args.name,
                "Layers": ["blobs/sha256/" + layer_digest.split(":", 1)[1]],
            }]))
    os.replace(tmp, args.out)
    print(digest(manifest))


if __name__ == "__main__":
    main()
