"""The kinds of product retail sells, from Google's product taxonomy: what a shop may be asked for.

``build`` reads the taxonomy's leaf names and keeps each phrase's head noun ("Athletic Shoes" ->
shoes), in both numbers. The assistant reads the shipped list (``recsys/data/retail_kinds.txt``,
through ``recsys.search.unsold``) to say "we don't sell shoes" when a shopper asks for a kind of
product the catalog has none of.
Rebuild it with ``python -m recsys.datasets.retail_kinds ../shared/data/taxonomy/<file>``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from recsys.search.unsold import RETAIL_KINDS_FILE

# Heads that name a group, not a thing one asks for ("any accessories?" is no kind the shop lacks)
GENERIC_HEADS = frozenset("""accessories supplies equipment sets kits parts gear clothing apparel wear items products
things goods gifts others other miscellaneous care cases covers holders stands systems tools units components
materials services sports games toys collectibles decor electronics hardware software media""".split())
# Words that a leaf's head turned into a singular may collide with ("Thes" is no leaf, but be sure)
FUNCTION_WORDS = frozenset("""the and for with from this that these those your you any some other more less one ones
best new good all its his her our their""".split())
PLURAL = re.compile(r"(?:[^isu]s|[sx]es|[sc]hes)$")
HEADER = ("# Head nouns of the leaf names of Google's product taxonomy (2013-07-15, CC BY 3.0),\n"
          "# singular and plural; built by recsys/datasets/retail_kinds.py.\n")


def singular_and_plural(word: str) -> set[str]:
    """A noun in both numbers, as shoppers may say it ("shoes" -> shoe, shoes; "dresses" -> dress)."""
    forms = {word}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    elif word.endswith(("sses", "shes", "ches", "xes")):
        forms.add(word[:-2])
    elif word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
    else:
        forms.add(word + ("es" if word.endswith(("s", "sh", "ch", "x")) else "s"))
    return forms


def build(taxonomy: Path) -> list[str]:
    """The head nouns of the taxonomy's leaf names, both numbers, sorted (generic group names left out)."""
    heads: set[str] = set()
    for line in taxonomy.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        for phrase in re.split(r"\s*(?:&|,|/)\s*", line.split(" > ")[-1]):
            words = re.findall(r"[A-Za-z]+", phrase)
            head = words[-1].lower() if words else ""
            # a thing is named in the plural ("Socks", "Dresses"); "Camping", "Tennis" and "Wedding"
            # name activities and occasions
            if len(head) >= 4 and PLURAL.search(head) and head not in GENERIC_HEADS:
                heads |= singular_and_plural(head)
    return sorted(w for w in heads - GENERIC_HEADS - FUNCTION_WORDS if len(w) >= 3)


if __name__ == "__main__":
    words = build(Path(sys.argv[1]))
    RETAIL_KINDS_FILE.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {RETAIL_KINDS_FILE}")
