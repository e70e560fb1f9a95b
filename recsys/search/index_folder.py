"""The index folder: the FAISS index, the catalog copy it was built from, its source and its encoders.

The folder holds the FAISS index, the catalog copy it was built from, where that catalog came
from, and which encoders made its vectors. Everything that reads or writes the folder goes
through ``IndexFolder``, so its layout is known in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from recsys.catalog import Product, catalog_version, load_catalog
from recsys.encoders.image import IMAGE_TAG
from recsys.encoders.text import text_model_tag
from recsys.search.index import ProductIndex, ProductIndexError
from recsys.settings import Settings

CATALOG_COPY = "catalog.jsonl"
SOURCE_FILE = "source.json"


def model_tags(settings: Settings) -> dict[str, str]:
    """Which encoder made each vector space; an index made by other models is stale."""
    tags = {"text": text_model_tag(settings.text_model, settings.text_backend)}
    if settings.image_search:
        tags["image"] = IMAGE_TAG
    return tags


@dataclass(frozen=True)
class IndexFolder:
    """One index folder (``settings.index_dir`` by default)."""

    path: Path

    @classmethod
    def from_settings(cls, settings: Settings) -> IndexFolder:
        """The folder the settings point at."""
        return cls(settings.index_dir)

    @property
    def catalog_copy(self) -> Path:
        """The catalog as it was indexed (JSON lines, one product each)."""
        return self.path / CATALOG_COPY

    def load_index(self) -> ProductIndex:
        """The index alone; ProductIndexError when it is missing or unreadable."""
        return ProductIndex.load(self.path)

    def products(self) -> list[Product]:
        """The products of the catalog copy, in index order of ingest."""
        return load_catalog(self.catalog_copy).products

    def image_root(self) -> Path:
        """Where the indexed catalog's relative photo paths start: the source catalog's folder."""
        try:
            source = json.loads((self.path / SOURCE_FILE).read_text()).get("catalog", "")
        except (OSError, ValueError):
            source = ""
        return Path(source).parent if source else self.path

    def load_current(self, settings: Settings) -> tuple[ProductIndex, list[Product]]:
        """Index and products, refusing an index that is stale for its catalog copy or the models."""
        index = self.load_index()
        try:
            products = self.products()
        except (OSError, ValueError) as exc:
            raise ProductIndexError(f"catalog copy in {self.path} is unreadable ({exc}); run `recsys ingest`") from exc
        if catalog_version(products) != index.version or index.models != model_tags(settings):
            raise ProductIndexError(f"index in {self.path} is stale for its catalog or models; run `recsys ingest`")
        return index, products

    def is_current_for(self, settings: Settings, catalog_path: Path) -> bool:
        """True when the index was built from this catalog's content with today's models."""
        try:
            index = self.load_index()
        except ProductIndexError:
            return False
        return index.version == catalog_version(load_catalog(catalog_path).products) and \
            index.models == model_tags(settings)

    def write_catalog(self, products: list[Product], catalog_path: Path) -> None:
        """Store the indexed products and where they came from (atomically for the copy)."""
        tmp = self.path / (CATALOG_COPY + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for product in products:
                fh.write(json.dumps(product.to_dict(), ensure_ascii=False) + "\n")
        tmp.replace(self.catalog_copy)
        (self.path / SOURCE_FILE).write_text(json.dumps({"catalog": str(catalog_path.resolve())}))
