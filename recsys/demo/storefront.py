"""Demo storefront server: a product grid page with the chat widget, the widget files, the
catalog as JSON and the catalog's photos, on one port.

Standard-library HTTP server (threaded): it serves a handful of static files to a demo page;
a shop's real storefront embeds the widget with one script tag instead. Paths are resolved
against fixed folders and anything that would leave them is a 404.
"""

from __future__ import annotations

import html
import json
import logging
import mimetypes
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from recsys.catalog import load_catalog
from recsys.settings import PROJECT_DIR, Settings

log = logging.getLogger(__name__)

STOREFRONT_DIR = PROJECT_DIR / "bot" / "storefront"
WIDGET_DIR = PROJECT_DIR / "bot" / "widget"


class StorefrontHandler(BaseHTTPRequestHandler):
    server_version = "ShopStorefront"

    def __init__(self, *args, site: Site, **kwargs) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def log_message(self, fmt: str, *args) -> None:  # route access logs through logging
        log.info("%s %s", self.address_string(), fmt % args)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/index.html"):
            return self._send(self.site.index_html, "text/html; charset=utf-8")
        if path == "/catalog.json":
            return self._send(self.site.catalog_json, "application/json")
        if path == "/healthz":
            return self._send(b'{"status": "ok"}', "application/json")
        for prefix, folder in (("/widget/", WIDGET_DIR), ("/images/", self.site.images_dir), ("/", STOREFRONT_DIR)):
            if path.startswith(prefix):
                target = (folder / path[len(prefix):]).resolve()
                if target.is_relative_to(folder.resolve()) and target.is_file():
                    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                    return self._send(target.read_bytes(), kind, cache=prefix == "/images/")
                break
        self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK, cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "same-origin")
        self.send_header("Content-Security-Policy", self.site.csp)
        self.send_header("Cache-Control", "public, max-age=3600" if cache else "no-cache")
        self.end_headers()
        self.wfile.write(body)


class Site:
    """What the pages need, built once at start: the page with the chat server filled in, the
    catalog JSON and the content security policy."""

    def __init__(self, settings: Settings, chat_server: str) -> None:
        catalog = settings.catalog_path
        self.images_dir = catalog.resolve().parent / "images"
        products = load_catalog(catalog).products
        self.catalog_json = json.dumps({"products": [
            {"id": p.id, "title": p.title, "price": p.price, "image": p.image, "category": p.category,
             "leaf": p.category_leaf, "colors": list(p.colors)} for p in products]}).encode()
        page = (STOREFRONT_DIR / "index.html").read_text(encoding="utf-8")
        self.index_html = page.replace("{{CHAT_SERVER}}", html.escape(chat_server, quote=True)).encode()
        image_origin = _origin(settings.image_base_url)
        self.csp = ("default-src 'self'; script-src 'self'; style-src 'self'; "
                    f"img-src 'self' blob: data: {image_origin}; connect-src 'self' {_origin(chat_server)}; "
                    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def serve(settings: Settings, host: str, port: int, chat_server: str) -> None:
    site = Site(settings, chat_server)
    server = ThreadingHTTPServer((host, port), partial(StorefrontHandler, site=site))
    server.daemon_threads = True
    log.info("storefront on http://%s:%d/ (chat server %s)", host, port, chat_server)
    try:
        server.serve_forever()
    finally:
        server.server_close()
