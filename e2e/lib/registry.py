#!/usr/bin/env python3
"""A read-only OCI distribution registry on loopback, serving the local cluster's own image archives.

The images are imported into containerd beforehand, so a pod with imagePullPolicy IfNotPresent never pulls.
But `busybox`, `busybox:latest` or imagePullPolicy: Always make the kubelet pull anyway, and with no
network that fails (ErrImagePull) after containerd has tried to reach the real registry. containerd is
configured (hosts.toml, see cluster.sh) to use this server *instead of* docker.io and registry.k8s.io, so
such pulls succeed from the same archives, and no image request ever leaves the machine.

Usage: registry.py --listen 127.0.0.1:5001 ARCHIVE...
Each ARCHIVE is an OCI archive written by oci-image.py; its io.containerd.image.name annotations
(e.g. docker.io/library/busybox:1.36) give the repository (library/busybox) and tag served.
Only the pull side of the API is implemented: GET/HEAD of /v2/, manifests by tag or digest, blobs.
"""
import argparse
import json
import re
import sys
import tarfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BLOBS = {}      # "sha256:..." -> bytes
MEDIA = {}      # manifest digest -> media type
TAGS = {}       # ("library/busybox", "1.36") -> manifest digest


def load(archive):
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith("blobs/sha256/"):
                BLOBS["sha256:" + member.name.rsplit("/", 1)[1]] = tar.extractfile(member).read()
        index = json.load(tar.extractfile("index.json"))
    for m in index["manifests"]:
        MEDIA[m["digest"]] = m["mediaType"]
        name = m.get("annotations", {}).get("io.containerd.image.name")
        if not name:
            continue
        repo, tag = name.rsplit(":", 1)
        repo = repo.split("/", 1)[1]  # drop the registry host: containerd asks for the path only
        TAGS[(repo, tag)] = m["digest"]


ROUTE = re.compile(r"^/v2/(?P<repo>.+)/(?P<kind>manifests|blobs)/(?P<ref>[^/]+)$")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_HEAD(self):
        self.serve(body=False)

    def do_GET(self):
        self.serve(body=True)

    def serve(self, body):
        path = self.path.split("?", 1)[0]
        if path in ("/v2", "/v2/"):
            return self.reply(200, b"{}", "application/json", None, body)
        m = ROUTE.match(path)
        if not m:
            return self.reply(404, b'{"errors":[{"code":"NAME_UNKNOWN"}]}', "application/json", None, body)
        repo, kind, ref = m.group("repo", "kind", "ref")
        digest = ref if ref.startswith("sha256:") else TAGS.get((repo, ref))
        data = BLOBS.get(digest) if digest else None
        if data is None:
            code = "MANIFEST_UNKNOWN" if kind == "manifests" else "BLOB_UNKNOWN"
            return self.reply(404, json.dumps({"errors": [{"code": code}]}).encode(), "application/json", None, body)
        ctype = MEDIA.get(digest, "application/vnd.oci.image.manifest.v1+json") if kind == "manifests" \
            else "application/octet-stream"
        self.reply(200, data, ctype, digest, body)

    def reply(self, status, data, ctype, digest, body):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Docker-Distribution-API-Version", "registry/2.0")
        if digest:
            self.send_header("Docker-Content-Digest", digest)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--listen", default="127.0.0.1:5001")
    p.add_argument("archives", nargs="+")
    args = p.parse_args()
    for a in args.archives:
        load(a)
    host, port = args.listen.rsplit(":", 1)
    server = ThreadingHTTPServer((host, int(port)), Handler)
    print("serving %s on http://%s" % (", ".join("%s:%s" % t for t in sorted(TAGS)), args.listen), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
