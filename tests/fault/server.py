#!/usr/bin/env python3
"""Fault-injection HTTP(S) server for directus-drift's tests (stdlib only).

    server.py --dir DIR [--fixtures DIR] [--tls CERT KEY] [--lifetime SECONDS]

Listens on 127.0.0.1 on an ephemeral port, writes the port number to
DIR/port once it accepts connections, and appends one JSON line per request
to DIR/requests.log:
    {"scenario": ..., "path": ..., "host": ..., "authorization": ...,
     "user_agent": ..., "accept": ...}
It exits by itself after --lifetime seconds (default 120), so a test that
dies never leaves it behind.

Requests look like /s/SCENARIO/API-PATH, where SCENARIO is a name followed
by optional ",key=value" parameters; the whole SCENARIO string is the key of
its request counter (add ",tag=x" to get a fresh counter).  Scenarios:

  ok                  fixtures: /schema/snapshot ({"data": ...}, or the
                      export=yaml|json forms), /collections, /fields,
                      /relations, /server/info; file=NAME serves another
                      snapshot (fixtures/live/NAME); admin=0 makes
                      /schema/snapshot a 403
  429,n=N,ra=S        N times 429 with Retry-After S (ra=date:S sends an
                      HTTP-date S seconds ahead), then as ok
  502|503|504,n=N     N times that status with a Directus error body
  closed,n=N          N times: close the connection without answering
  slow-headers,d=S    sleep S seconds before answering
  slow-body,d=S       send half of the body, stall S seconds, send the rest
  truncated           Content-Length 500 bytes more than the body, close
  oversized,bytes=N,mode=declared|stream
                      a body of N bytes ("declared": only the header)
  html                200 text/html login page
  badjson             200 application/json that is not JSON
  redirect-same       302 to /s/ok/API-PATH on this server
  redirect-other-host 302 to http://localhost:PORT/s/ok/API-PATH
  redirect-downgrade  302 to http://127.0.0.1:PORT/s/ok/API-PATH
  redirect-loop       302 to itself
  401,code=C          401 INVALID_CREDENTIALS (or code C)
  403, 404, 500       Directus error bodies
  echo-token          401 whose message repeats the Authorization header
  200-errors,code=C   200 whose body is {"errors": [...]} (code C, default
                      FORBIDDEN) instead of data
  close-delimited,cut=N,json=0|1,v=1.0|1.1
                      as ok, but the body has no Content-Length and ends
                      when the connection closes (HTTP/1.0 by default, or
                      HTTP/1.1 with Connection: close); cut=N sends only
                      the first N bytes of the YAML export (json=1: of
                      every body); no cut: the whole body
  chunked-nofinal     as ok, chunked, but the connection closes before
                      the last (zero-length) chunk
  gzip-bomb,mb=N      200 Content-Encoding: gzip of N MiB (default 1024)
                      of spaces in a JSON object: about N KiB on the wire
  replay,file=NAME,status=S
                      answers status S (default 200) with the fixture file
                      NAME byte for byte as application/json (a body
                      recorded from a real Directus)
  redirect-token,to=same|other
                      302 to a Location that carries the request's token
                      (from its Authorization header) in the path and the
                      query: /s/404/TOKEN/API-PATH?access_token=TOKEN on
                      this server, or on localhost (other)
"""
import gzip
import io
import argparse
import email.utils
import http.server
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse

LOCK = threading.Lock()
COUNTS = {}
ARGS = None
PORT = 0

MESSAGES = {
    401: ("Invalid user credentials.", "INVALID_CREDENTIALS"),
    403: ("You don't have permission to access this.", "FORBIDDEN"),
    404: ("Route doesn't exist.", "ROUTE_NOT_FOUND"),
    429: ("Too many requests, retry after 1s.", "REQUESTS_EXCEEDED"),
    500: ("An unexpected error occurred.", "INTERNAL_SERVER_ERROR"),
    502: ("Bad gateway.", "SERVICE_UNAVAILABLE"),
    503: ("Service is unavailable.", "SERVICE_UNAVAILABLE"),
    504: ("Gateway timeout.", "SERVICE_UNAVAILABLE"),
}


def parse_scenario(s):
    parts = s.split(",")
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k] = v
    return parts[0], params


def fixture(name):
    with open(os.path.join(ARGS.fixtures, name), "rb") as f:
        return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fault/1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, ctype="application/json; charset=utf-8",
             headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def directus_error(self, status, message=None, code=None, headers=()):
        m, c = MESSAGES.get(status, ("Error.", "INTERNAL_SERVER_ERROR"))
        body = json.dumps({"errors": [{"message": message or m,
                                       "extensions": {"code": code or c}}]})
        self.send(status, body.encode(), headers=headers)

    def ok_body(self, api, query, params):
        """(status, body, content type) for the ok scenario"""
        if api == "/schema/snapshot":
            if params.get("admin") == "0":
                return None
            name = params.get("file", "snapshot.json")
            raw = fixture(name)
            exp = query.get("export", [None])[0]
            if exp == "yaml":
                yname = params.get("yaml", "snapshot.yaml")
                return 200, fixture(yname), "text/yaml; charset=utf-8"
            if exp == "json":
                data = json.loads(raw)["data"]
                return (200, json.dumps(data, indent="\t").encode(),
                        "application/json; charset=utf-8")
            return 200, raw, "application/json; charset=utf-8"
        files = {"/collections": "collections.json",
                 "/fields": "fields.json", "/relations": "relations.json",
                 "/server/info": "server-info.json"}
        if api in files:
            return 200, fixture(files[api]), "application/json; charset=utf-8"
        return 404, json.dumps({"errors": [{
            "message": "Route %s doesn't exist." % api,
            "extensions": {"code": "ROUTE_NOT_FOUND"}}]}).encode(), \
            "application/json; charset=utf-8"

    def serve_ok(self, api, query, params):
        r = self.ok_body(api, query, params)
        if r is None:
            self.directus_error(403)
            return
        self.send(*r)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        segs = url.path.split("/")
        if len(segs) < 3 or segs[1] != "s":
            self.directus_error(404)
            return
        scen = urllib.parse.unquote(segs[2])
        api = "/" + "/".join(segs[3:])
        name, params = parse_scenario(scen)
        with LOCK:
            COUNTS[scen] = COUNTS.get(scen, 0) + 1
            count = COUNTS[scen]
            rec = {"scenario": scen, "count": count, "path": self.path,
                   "host": self.headers.get("Host"),
                   "authorization": self.headers.get("Authorization"),
                   "user_agent": self.headers.get("User-Agent"),
                   "accept": self.headers.get("Accept")}
            with open(os.path.join(ARGS.dir, "requests.log"), "a") as f:
                f.write(json.dumps(rec) + "\n")
        n = int(params.get("n", "1"))
        scheme = "https" if ARGS.tls else "http"
        rest = api + ("?" + url.query if url.query else "")
        if name == "ok":
            self.serve_ok(api, query, params)
        elif name == "429":
            if count <= n:
                ra = params.get("ra", "1")
                if ra.startswith("date:"):
                    ra = email.utils.formatdate(
                        time.time() + float(ra[5:]), usegmt=True)
                self.directus_error(429, headers=[("Retry-After", ra)])
            else:
                self.serve_ok(api, query, params)
        elif name in ("502", "503", "504"):
            if count <= n:
                self.directus_error(int(name))
            else:
                self.serve_ok(api, query, params)
        elif name == "closed":
            if count <= n:
                self.close_connection = True
                return
            self.serve_ok(api, query, params)
        elif name == "slow-headers":
            time.sleep(float(params.get("d", "5")))
            self.serve_ok(api, query, params)
        elif name == "slow-body":
            _, body, ctype = self.ok_body(api, query, params)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            half = len(body) // 2
            self.wfile.write(body[:half])
            self.wfile.flush()
            time.sleep(float(params.get("d", "5")))
            try:
                self.wfile.write(body[half:])
            except OSError:
                pass
        elif name == "truncated":
            _, body, ctype = self.ok_body(api, query, params)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body) + 500))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
        elif name == "oversized":
            size = int(params.get("bytes", str(2 << 30)))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if params.get("mode", "declared") == "declared":
                self.send_header("Content-Length", str(size))
                self.end_headers()
                self.close_connection = True
                return
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"[" + b" " * 65534 + b"\n"
            sent = 0
            try:
                while sent < size:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            self.close_connection = True
        elif name == "html":
            self.send(200, b"<!DOCTYPE html>\n<html><head><title>Sign in"
                      b"</title></head><body>login</body></html>\n",
                      "text/html; charset=utf-8")
        elif name == "badjson":
            self.send(200, b'{"data": {\n  "version": 1,\n'
                      b'  "collections": [,]\n}}\n')
        elif name == "redirect-same":
            self.send(302, b"", headers=[("Location", "/s/ok" + rest)])
        elif name == "redirect-other-host":
            self.send(302, b"", headers=[(
                "Location", "%s://localhost:%d/s/ok%s" % (scheme, PORT, rest))])
        elif name == "redirect-downgrade":
            self.send(302, b"", headers=[(
                "Location", "http://127.0.0.1:%d/s/ok%s" % (PORT, rest))])
        elif name == "redirect-loop":
            self.send(302, b"", headers=[("Location", self.path)])
        elif name == "echo-token":
            self.directus_error(401, "Bad token %s." %
                                self.headers.get("Authorization"))
        elif name == "replay":
            self.send(int(params.get("status", "200")),
                      fixture(params["file"]))
        elif name == "200-errors":
            body = json.dumps({"errors": [{
                "message": "You don't have permission to access "
                           "collection \"directus_fields\".",
                "extensions": {"code": params.get("code", "FORBIDDEN")}}]})
            self.send(200, body.encode())
        elif name == "close-delimited":
            r = self.ok_body(api, query, params)
            status, body, ctype = r
            cut = params.get("cut")
            exp = query.get("export", [None])[0]
            if cut is not None and (exp == "yaml" or
                                    params.get("json") == "1"):
                body = body[:int(cut)]
            ver = params.get("v", "1.0")
            head = "HTTP/%s %d OK\r\nContent-Type: %s\r\n" % (
                ver, status, ctype)
            if ver != "1.0":
                head += "Connection: close\r\n"
            self.wfile.write(head.encode() + b"\r\n" + body)
            self.wfile.flush()
            self.close_connection = True
        elif name == "chunked-nofinal":
            _, body, ctype = self.ok_body(api, query, params)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            half = len(body) // 2
            for part in (body[:half], body[half:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.flush()
            self.close_connection = True
        elif name == "gzip-bomb":
            body = gzip_bomb(int(params.get("mb", "1024")))
            self.send(200, body, headers=[("Content-Encoding", "gzip")])
        elif name == "redirect-token":
            tok = (self.headers.get("Authorization") or "none").split()[-1]
            q = urllib.parse.quote(tok, safe="")
            loc = "/s/404/%s%s?access_token=%s" % (q, api, q)
            if params.get("to") == "other":
                loc = "%s://localhost:%d%s" % (scheme, PORT, loc)
            self.send(302, b"", headers=[("Location", loc)])
        elif name in ("401", "403", "404", "500"):
            self.directus_error(int(name), code=params.get("code"))
        else:
            self.directus_error(404, "unknown scenario %s" % name)


BOMBS = {}


def gzip_bomb(mb):
    """gzip of {"data": "<mb MiB of spaces>"}, made once per size"""
    with LOCK:
        if mb not in BOMBS:
            out = io.BytesIO()
            with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as g:
                g.write(b'{"data": "')
                chunk = b" " * (1 << 20)
                for _ in range(mb):
                    g.write(chunk)
                g.write(b'"}')
            BOMBS[mb] = out.getvalue()
        return BOMBS[mb]


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # clients that give up (timeouts, caps) break pipes: expected here
        pass


def main():
    global ARGS, PORT
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--fixtures",
                    default=os.path.join(here, "..", "..", "fixtures", "live"))
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--lifetime", type=float, default=120)
    ARGS = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    if ARGS.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(ARGS.tls[0], ARGS.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    PORT = srv.server_address[1]
    timer = threading.Timer(ARGS.lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    tmp = os.path.join(ARGS.dir, "port.tmp")
    with open(tmp, "w") as f:
        f.write("%d\n" % PORT)
    os.rename(tmp, os.path.join(ARGS.dir, "port"))
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
