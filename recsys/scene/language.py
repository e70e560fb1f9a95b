"""A cheap "is this English?" check for the scene model's bad-input path.

The text encoder is English-only: on other languages it gives confident nonsense. Rather than a
confident wrong scene, such turns fall back to chitchat with low confidence (the bot then asks
the shopper to write in English). Two signals, no model: most letters outside the Latin script,
or function words of another common language clearly outnumbering English ones. Product names
and bare keywords ("Bardot Capri", "XL") carry no function words and stay English.
"""

from __future__ import annotations

import re

ENGLISH = set("""the a an and or of to in on for with is are was be it this that my your i you we me do
does have has can could would will what where when how which who not no yes please thanks thank
any some from at by about just need want like looking show get""".split())
FOREIGN = {
    "es": set("el la los las de del que y en un una por para con es est\u00e1 mi mis pedido d\u00f3nde "
        "donde quiero tienen hola gracias por favor c\u00f3mo cu\u00e1ndo".split()),
    "fr": set("le la les des du de et est une un pour avec mon ma mes o\u00f9 est-ce je veux vous avez "
        "bonjour merci commande quand comment".split()),
    "de": set("der die das und ist ein eine ich nicht mit f\u00fcr wo meine mein bestellung haben sie hallo "
        "danke wann wie bitte".split()),
    "it": set("il lo la gli le di che e \u00e8 un una per con mio mia dove ordine voglio avete ciao grazie "
        "quando come".split()),
    "pt": set("o a os as de do da que e \u00e9 um uma para com meu minha onde pedido quero voc\u00eas "
        "ol\u00e1 obrigado quando como".split()),
    "nl": set("de het een en is van ik niet met voor waar mijn bestelling hebben jullie hallo dank wanneer "
        "hoe".split()),
}
TOKEN = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)


def looks_foreign(text: str) -> bool:
    """True when most letters are not Latin, or another language's function words outnumber English ones."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if ord(c) < 0x250)
    if latin / len(letters) < 0.5:
        return True  # Cyrillic, CJK, Arabic, Greek, ...
    words = [w.lower() for w in TOKEN.findall(text)]
    if len(words) < 3:
        return False
    english = sum(w in ENGLISH for w in words)
    best = max(sum(w in vocab and w not in ENGLISH for w in words) for vocab in FOREIGN.values())
    return best >= 2 and best > english
