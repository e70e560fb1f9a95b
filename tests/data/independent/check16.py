#!/usr/bin/env python3
"""Validator for set 16 (conversations16.jsonl, utterances16.jsonl) against labels.md.

Label names, act->scene membership, slot names and superlative values are read from
labels.md itself, so the check follows the guide rather than a hard-coded copy.
Usage: python3 check16.py [dir]   (default: the directory of this file)
"""
import json, os, re, sys
from collections import Counter

D = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
errors, warnings = [], []
def err(where, msg): errors.append(f"{where}: {msg}")
def warn(where, msg): warnings.append(f"{where}: {msg}")

# ---------- read labels.md ----------
md = open(os.path.join(D, "labels.md"), encoding="utf-8").read()
def section(title):
    m = re.search(r"^## " + re.escape(title) + r".*?$(.*?)(?=^## |\Z)", md, re.M | re.S)
    if not m: sys.exit(f"labels.md: section '{title}' not found")
    return m.group(1)
SCENES = set(re.findall(r"^\|\s*`([a-z_]+)`\s*\|", section("Scenes"), re.M))
ACT_SCENE, FOLLOWUPS = {}, set()
for head, body in re.findall(r"^- ([a-z-]+)[^:\n]*:(.*?)(?=^- |\Z)", section("Acts"), re.M | re.S):
    acts = re.findall(r"`([a-z_]+)`", body)
    if head == "follow-ups":
        FOLLOWUPS.update(acts)
    elif head in SCENES:
        for a in acts: ACT_SCENE[a] = head
ACTS = set(ACT_SCENE) | FOLLOWUPS
slot_txt = section("Slots")
m = re.search(r"one of ([^)]*)\)", slot_txt)
SUPERLATIVES = set(re.findall(r"`([a-z_]+)`", m.group(1))) if m else set()
SLOTS = set(re.findall(r"`([a-z_]+)`", slot_txt)) - SUPERLATIVES
PRICE = {"price_min", "price_max"}
assert SCENES and ACT_SCENE and FOLLOWUPS and SLOTS, "could not parse labels.md"

TURN_KEYS = {"text", "scene", "act", "slots", "ref", "also", "photo"}
ORD_REF = re.compile(r"^(\d+|last)( and (\d+|last))*$")
COPY_EXEMPT = PRICE | {"superlative"}

def norm(s): return re.sub(r"\s+", " ", s.lower())

def check_turn(t, where, first_message=False):
    if not isinstance(t, dict): return err(where, "turn is not an object")
    for k in t:
        if k not in TURN_KEYS: err(where, f"unknown turn field '{k}'")
    for k in ("text", "scene", "act", "slots"):
        if k not in t: err(where, f"missing '{k}'")
    text, scene, act, slots = t.get("text"), t.get("scene"), t.get("act"), t.get("slots", {})
    if not isinstance(text, str): err(where, "text must be a string"); text = ""
    if not text.strip() and "photo" not in t: err(where, "empty text without a photo")
    if scene not in SCENES: err(where, f"unknown scene '{scene}'")
    if act not in ACTS: err(where, f"unknown act '{act}'")
    elif act in ACT_SCENE and ACT_SCENE[act] != scene:
        err(where, f"act '{act}' belongs to scene '{ACT_SCENE[act]}', not '{scene}'")
    if not isinstance(slots, dict): err(where, "slots must be an object"); slots = {}
    for k, v in slots.items():
        if k not in SLOTS: err(where, f"unknown slot '{k}'"); continue
        if k in PRICE:
            if isinstance(v, bool) or not isinstance(v, (int, float)): err(where, f"{k} must be a number")
            continue
        if not isinstance(v, str) or not v.strip(): err(where, f"slot {k} must be a non-empty string"); continue
        if k == "superlative" and v not in SUPERLATIVES: err(where, f"superlative '{v}' not in {sorted(SUPERLATIVES)}")
        if k == "order_number" and not v.isdigit(): err(where, f"order_number '{v}' must be digits only")
        if k not in COPY_EXEMPT and norm(v) not in norm(text):
            err(where, f"slot {k}='{v}' is not copied from the text")
    if "price_min" in slots and "price_max" in slots and slots["price_min"] > slots["price_max"]:
        err(where, "price_min > price_max")
    if act == "other_language" and slots: err(where, "other_language must have no slots")
    if act == "other_language" and "ref" in t: err(where, "other_language must have no ref")
    if "ref" in t:
        r = t["ref"]
        if not isinstance(r, str) or not r.strip(): err(where, "ref must be a non-empty string")
        elif first_message: err(where, "a first message cannot point at a shown item (ref)")
        elif not (ORD_REF.match(r) or r in ("it", "both") or norm(r) in norm(text)):
            warn(where, f"descriptive ref '{r}' not found verbatim in text")
        if act == "compare" and isinstance(r, str) and ORD_REF.match(r) and " and " not in r:
            err(where, "compare ref should name two or more items")
    if "also" in t:
        a = t["also"]
        if not isinstance(a, dict) or set(a) != {"scene", "act"}: err(where, "also must be {scene, act}")
        else:
            if a["scene"] not in SCENES: err(where, f"also: unknown scene '{a['scene']}'")
            if a["act"] not in ACTS: err(where, f"also: unknown act '{a['act']}'")
            elif a["act"] in ACT_SCENE and ACT_SCENE[a["act"]] != a["scene"]:
                err(where, f"also: act '{a['act']}' is not in scene '{a['scene']}'")
    if "photo" in t and (not isinstance(t["photo"], str) or not t["photo"].strip()):
        err(where, "photo must be a non-empty description string")

def load(name):
    out = []
    with open(os.path.join(D, name), encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip(): err(f"{name}:{i}", "blank line"); continue
            try: out.append(json.loads(line))
            except json.JSONDecodeError as e: err(f"{name}:{i}", f"bad JSON: {e}")
    return out

NOTE_HEAD = re.compile(r"^\[([^,\]]+), ([^\]]+)\] Shopper: \S.*$")

# ---------- conversations ----------
convs = load("conversations16.jsonl")
if len(convs) != 60: err("conversations16", f"{len(convs)} conversations, expected 60")
depts, all_turns, shifts, conv_texts = [], [], 0, Counter()
for i, c in enumerate(convs, 1):
    cid = c.get("id", f"#{i}")
    if c.get("id") != "c16-%03d" % i: err(cid, f"id should be c16-{i:03d}")
    if set(c) != {"id", "note", "turns"}: err(cid, f"record keys {sorted(c)} != id, note, turns")
    turns = c.get("turns", [])
    if not isinstance(turns, list) or not 8 <= len(turns) <= 10: err(cid, "needs 8-10 turns"); turns = turns or []
    note = c.get("note", "")
    lines = note.split("\n") if isinstance(note, str) else []
    m = NOTE_HEAD.match(lines[0]) if lines else None
    if not m: err(cid, "note first line must be '[department, summary] Shopper: ...'")
    else: depts.append(m.group(1).strip())
    want = [f"before t{n}: " for n in range(2, len(turns) + 1)]
    got = lines[1:]
    if len(got) != len(want): err(cid, f"note has {len(got)} 'before tN' lines, expected {len(want)}")
    for w, g in zip(want, got):
        if not g.startswith(w) or len(g) <= len(w) + 10: err(cid, f"note line should start '{w}' and say what the bot said: {g[:40]!r}")
    prev = None
    for j, t in enumerate(turns, 1):
        check_turn(t, f"{cid} t{j}")
        all_turns.append(t); conv_texts[t.get("text", "")] += 1
        if prev is not None and t.get("scene") != prev: shifts += 1
        prev = t.get("scene")

# ---------- utterances ----------
utts = load("utterances16.jsonl")
if len(utts) != 300: err("utterances16", f"{len(utts)} utterances, expected 300")
hard = 0
for i, u in enumerate(utts, 1):
    uid = u.get("id", f"#{i}")
    if u.get("id") != "u16-%03d" % i: err(uid, f"id should be u16-{i:03d}")
    extra = set(u) - {"id", "note", "turns", "hard"}
    if extra or not {"id", "note", "turns"} <= set(u): err(uid, f"record keys {sorted(u)}")
    if u.get("note") != "": err(uid, "note must be empty")
    if "hard" in u:
        hard += 1
        if not isinstance(u["hard"], str) or not u["hard"].strip(): err(uid, "hard must be a non-empty reason")
    ts = u.get("turns", [])
    if not isinstance(ts, list) or len(ts) != 1: err(uid, "needs exactly one turn"); continue
    check_turn(ts[0], uid, first_message=True)
    if ts[0].get("act") in FOLLOWUPS: warn(uid, f"follow-up act '{ts[0]['act']}' in a first message")

# ---------- duplicates ----------
dup = [t for t, n in conv_texts.items() if n > 1 and len(t) > 12]
if dup: warn("conversations16", f"repeated turn texts: {dup}")
utexts = Counter(u["turns"][0]["text"].strip().lower() for u in utts if u.get("turns"))
for t, n in utexts.items():
    if n > 1: err("utterances16", f"duplicate text {t!r}")
for t in utexts:
    if t and t in {k.strip().lower() for k in conv_texts}: warn("utterances16", f"also used in a conversation: {t!r}")

# ---------- report ----------
def table(counter): return ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
ut = [u["turns"][0] for u in utts if u.get("turns")]
print(f"labels.md: {len(SCENES)} scenes, {len(ACTS)} acts ({len(FOLLOWUPS)} follow-ups), {len(SLOTS)} slots, superlatives {sorted(SUPERLATIVES)}")
print(f"conversations: {len(convs)}, turns: {len(all_turns)} (min {min(len(c['turns']) for c in convs)}, max {max(len(c['turns']) for c in convs)}), scene shifts: {shifts}")
print(f"  departments: {len(set(depts))} distinct of {len(depts)}")
print(f"  turns per scene: {table(Counter(t['scene'] for t in all_turns))}")
print(f"  turns per act: {table(Counter(t['act'] for t in all_turns))}")
print(f"  photo turns: {sum('photo' in t for t in all_turns)}, other_language: {sum(t['act']=='other_language' for t in all_turns)}, "
      f"with also: {sum('also' in t for t in all_turns)}, with ref: {sum('ref' in t for t in all_turns)}, "
      f"follow-ups: {sum(t['act'] in FOLLOWUPS for t in all_turns)}")
print(f"utterances: {len(utts)}, hard: {hard}")
print(f"  per scene: {table(Counter(t['scene'] for t in ut))}")
print(f"  per act: {table(Counter(t['act'] for t in ut))}")
print(f"  photo: {sum('photo' in t for t in ut)}, other_language: {sum(t['act']=='other_language' for t in ut)}, with also: {sum('also' in t for t in ut)}")
sc = Counter(t['scene'] for t in ut)
for s in SCENES:
    if sc[s] != 75: err("utterances16", f"scene {s}: {sc[s]} utterances, expected 75")
for w in warnings: print("WARNING", w)
for e in errors: print("ERROR", e)
print(f"{len(errors)} errors, {len(warnings)} warnings")
sys.exit(1 if errors else 0)
