"""Demo storefront server: the product grid page, the chat widget, the catalog and its photos.

Standard-library HTTP server (threaded): it serves a handful of static files to a demo page;
a shop's real storefront embeds the widget with one script tag instead. Paths are resolved
against fixed folders and anything that would leave them is a 404.

The page and the widget live in the ``bot`` package (``bot/storefront/``, ``bot/widget/``), beside
the Rasa side they talk to; the distribution ships them as ``bot``'s package data, so they are
found with ``importlib.resources`` in a checkout and in an installed package alike. Only
``bot/__init__.py`` is imported for that (it imports nothing; ``bot.channels`` needs Rasa).
"""

from __future__ import annotations

import html
import json
import logging
import mimetypes
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlsplit

from recsys.catalog import load_catalog
from recsys.settings import Settings

log = logging.getLogger(__name__)

ASSETS_PACKAGE = "bot"


def asset_dir(name: str) -> Path:
    """A folder of web assets shipped in the ``bot`` package (``storefront`` or ``widget``)."""
    folder = files(ASSETS_PACKAGE) / name
    # Served files are checked to stay inside their folder with Path.resolve(), so the folder must be
    # a real directory (it is for a checkout and for any pip-installed wheel; not for a zipped one).
    if not isinstance(folder, Path) or not folder.is_dir():
        raise FileNotFoundError(f"web assets {ASSETS_PACKAGE}/{name} not found as a folder ({folder})")
    return folder


class StorefrontHandler(BaseHTTPRequestHandler):
    """Answers GET requests for the page, the catalog JSON, the widget, the photos and /healthz."""

    server_version = "ShopStorefront"

    def __init__(self, *args, site: Site, **kwargs) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def log_message(self, fmt: str, *args) -> None:
        """Route access logs through logging instead of stderr."""
        log.info("%s %s", self.address_string(), fmt % args)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        """Serve one file or page; anything unknown, or outside the asset folders, is a 404."""
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/index.html"):
            return self._send(self.site.index_html, "text/html; charset=utf-8")
        if path == "/catalog.json":
            return self._send(self.site.catalog_json, "application/json")
        if path == "/healthz":
            return self._send(b'{"status": "ok"}', "application/json")
        if path in self.site.client_pages:  # a third-party chat client's page (see bot/clients/)
            return self._send(self.site.client_pages[path], "text/html; charset=utf-8", csp=self.site.client_csp)
        folders = (("/widget/", self.site.widget_dir), ("/images/", self.site.images_dir),
                   ("/clients/vendor/", self.site.vendor_dir), ("/clients/", self.site.clients_dir),
                   ("/", self.site.storefront_dir))
        for prefix, folder in folders:
            if path.startswith(prefix):
                target = (folder / path[len(prefix):]).resolve()
                if target.is_relative_to(folder.resolve()) and target.is_file():
                    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                    return self._send(target.read_bytes(), kind, cache=prefix == "/images/")
                break
        self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK, cache: bool = False,
              csp: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "same-origin")
        self.send_header("Content-Security-Policy", csp or self.site.csp)
        self.send_header("Cache-Control", "public, max-age=3600" if cache else "no-cache")
        self.end_headers()
        self.wfile.write(body)


class Site:
    """What the pages need, built once at start: folders, the filled-in page, catalog JSON and CSP.

    The page gets the chat server's URL filled in; the content security policy allows that server
    and the image origin and nothing else.
    """

    def __init__(self, settings: Settings, chat_server: str) -> None:
        self.storefront_dir = asset_dir("storefront")
        self.widget_dir = asset_dir("widget")
        catalog = settings.catalog_path
        self.images_dir = catalog.resolve().parent / "images"
        products = load_catalog(catalog).products
        self.catalog_json = json.dumps({"products": [
            {"id": p.id, "title": p.title, "price": p.price, "image": p.image, "category": p.category,
             "leaf": p.category_leaf, "colors": list(p.colors)} for p in products]}).encode()
        page = (self.storefront_dir / "index.html").read_text(encoding="utf-8")
        self.index_html = page.replace("{{CHAT_SERVER}}", html.escape(chat_server, quote=True)).encode()
        image_origin = _origin(settings.image_base_url)
        self.csp = ("default-src 'self'; script-src 'self'; style-src 'self'; "
                    f"img-src 'self' blob: data: {image_origin}; connect-src 'self' {_origin(chat_server)}; "
                    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        # Third-party clients (bot/clients/, their bundles fetched by scripts/clients.sh into
        # var/clients): their pages are filled in like the storefront's; the widgets inject their
        # own styles and open a websocket to the chat server, which their policy allows.
        self.clients_dir = asset_dir("clients")
        self.vendor_dir = settings.var_dir / "clients"
        self.client_pages = {f"/clients/{f.name}": f.read_text(encoding="utf-8").replace(
            "{{CHAT_SERVER}}", html.escape(chat_server, quote=True)).encode()
            for f in sorted(self.clients_dir.glob("*.html"))}
        chat = _origin(chat_server)
        self.client_csp = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "font-src 'self' data:; "
                           f"img-src 'self' blob: data: {image_origin}; "
                           f"connect-src 'self' {chat} {chat.replace('http', 'ws', 1)}; "
                           "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def serve(settings: Settings, host: str, port: int, chat_server: str) -> None:
    """Serve the storefront on ``host:port`` until interrupted; the widget talks to ``chat_server``."""
    site = Site(settings, chat_server)
    server = ThreadingHTTPServer((host, port), partial(StorefrontHandler, site=site))
    server.daemon_threads = True
    log.info("storefront on http://%s:%d/ (chat server %s)", host, port, chat_server)
    try:
        server.serve_forever()
    finally:
        server.server_close()
