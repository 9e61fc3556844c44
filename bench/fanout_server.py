#!/usr/bin/env python3
"""A loopback server with a huge link fan-out, for the memory benchmark: `fanout_server.py HUBS FANOUT`.

Serves one host (any Host header): / links to HUBS hub pages; /hub/K.html links to FANOUT leaf URLs
/leaf/K/J.html; robots.txt disallows /leaf/. A crawl so discovers HUBS * (FANOUT + 1) URLs while
fetching only HUBS + 1 pages. Prints "listening on 127.0.0.1:PORT"."""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HUBS, FANOUT = int(sys.argv[1]), int(sys.argv[2])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.startswith("http://"):
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        if path == "/robots.txt":
            body, ctype = b"User-agent: *\nDisallow: /leaf/\n", "text/plain"
        elif path == "/":
            links = "".join(f'<a href="/hub/{k}.html">hub {k}</a>\n' for k in range(HUBS))
            body, ctype = f"<html><head><title>fan-out</title></head><body>{links}</body></html>".encode(), "text/html"
        elif path.startswith("/hub/") and path.endswith(".html"):
            k = path[5:-5]
            links = "".join(f'<a href="/leaf/{k}/{j}.html">{j}</a>\n' for j in range(FANOUT))
            body, ctype = f"<html><head><title>hub {k}</title></head><body>{links}</body></html>".encode(), "text/html"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype + "; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening on 127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
