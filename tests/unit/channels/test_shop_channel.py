"""The chat channels' settings, guards, photo checks and upload retention, run in the Rasa environment they live in.

One Python 3.10 subprocess (the Rasa venv) runs every check below and reports each by name, so a
failure names its check without starting Rasa's imports once per test.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"

SCRIPT = r"""
import asyncio, io, json, os, sys, time, traceback
from pathlib import Path
from types import SimpleNamespace

from PIL import Image

WORK = Path(sys.argv[1])
CHECKS = {}


def check(fn):
    CHECKS[fn.__name__] = fn
    return fn


def png(size=(32, 32), fmt="PNG"):
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


def refused(fn, *words):
    from bot.channels.settings import ChannelSettingsError
    from rasa.shared.exceptions import RasaException
    try:
        fn()
    except ChannelSettingsError as exc:
        assert isinstance(exc, RasaException) and isinstance(exc, ValueError)
        assert all(w in str(exc) for w in words), str(exc)
        return
    raise AssertionError(f"not refused: {words}")


@check
def defaults():
    from bot.channels.settings import ChannelSettings
    from bot.channels.shop import GuardedRestInput, ShopInput
    for cls in (ShopInput, GuardedRestInput):
        for creds in (None, {}):
            s = cls.from_credentials(creds).settings
            assert (s.max_message_chars, s.messages_per_minute, s.uploads_per_minute, s.history_per_minute,
                    s.max_upload_bytes, s.upload_ttl_hours) == (2000, 30, 6, 30, 5 * 1024 * 1024, 24.0), s
            assert s.upload_dir == Path.cwd() / "var" / "uploads", s.upload_dir
    empty = ChannelSettings.from_credentials({"messages_per_minute": None}, cwd=WORK)
    assert empty.messages_per_minute == 30 and empty.upload_dir == WORK / "var" / "uploads"
    assert ShopInput.from_credentials(None).name() == "shop"
    assert GuardedRestInput.from_credentials(None).name() == "rest"


@check
def overrides():
    from bot.channels.settings import ChannelSettings
    from bot.channels.shop import ShopInput
    creds = {"max_message_chars": 50, "messages_per_minute": "7", "uploads_per_minute": 2, "history_per_minute": 3,
             "upload_dir": str(WORK / "up"), "max_upload_bytes": 2048, "upload_ttl_hours": "0.5"}
    s = ShopInput.from_credentials(creds).settings
    assert s == ChannelSettings(50, 7, 2, 3, WORK / "up", 2048, 0.5), s
    assert s.upload_ttl_s == 1800
    rel = ChannelSettings.from_credentials({"upload_dir": "photos/in"}, cwd=WORK)
    assert rel.upload_dir == WORK / "photos" / "in"


@check
def malformed_values_are_refused_with_the_key():
    from bot.channels.settings import ChannelSettings
    from bot.channels.shop import GuardedRestInput, ShopInput
    refused(lambda: ShopInput.from_credentials({"messages_per_minute": "thirty"}), "messages_per_minute",
            "bot.channels.shop.ShopInput", "thirty")
    refused(lambda: GuardedRestInput.from_credentials({"max_message_chars": 0}), "max_message_chars")
    refused(lambda: ChannelSettings.from_credentials({"uploads_per_minute": True}), "uploads_per_minute")
    refused(lambda: ChannelSettings.from_credentials({"history_per_minute": 2.5}), "history_per_minute")
    refused(lambda: ChannelSettings.from_credentials({"max_upload_bytes": 10}), "max_upload_bytes", "1024")
    refused(lambda: ChannelSettings.from_credentials({"upload_ttl_hours": "-1"}), "upload_ttl_hours")
    refused(lambda: ChannelSettings.from_credentials({"upload_ttl_hours": "nan"}), "upload_ttl_hours")
    refused(lambda: ChannelSettings.from_credentials({"upload_dir": ""}), "upload_dir")
    refused(lambda: ChannelSettings.from_credentials({"upload_dir": ["a"]}), "upload_dir")
    refused(lambda: ChannelSettings.from_credentials({"upload_dir": "var/${UNSET_VAR}"}), "upload_dir", "${UNSET_VAR}")
    refused(lambda: ChannelSettings.from_credentials({"messages_per_minit": 5}), "messages_per_minit",
            "messages_per_minute")
    refused(lambda: ChannelSettings.from_credentials(["messages_per_minute"]), "mapping")


@check
def rasa_reads_credentials_with_env_expansion():
    from rasa.core.run import create_http_input_channels
    from rasa.shared.exceptions import RasaException
    path = WORK / "credentials.yml"
    path.write_text("bot.channels.shop.GuardedRestInput:\n"
                    "bot.channels.shop.ShopInput:\n"
                    "  messages_per_minute: ${SHOP_TEST_MPM}\n"
                    "  upload_dir: ${SHOP_TEST_VAR}/uploads\n")
    os.environ.update(SHOP_TEST_MPM="12", SHOP_TEST_VAR=str(WORK / "v"))
    rest, shop = create_http_input_channels(None, str(path))
    assert (rest.name(), rest.settings.messages_per_minute) == ("rest", 30)
    assert shop.settings.messages_per_minute == 12 and shop.settings.upload_dir == WORK / "v" / "uploads"
    os.environ["SHOP_TEST_MPM"] = "lots"
    refused(lambda: create_http_input_channels(None, str(path)), "messages_per_minute", "lots")
    del os.environ["SHOP_TEST_MPM"]
    try:  # Rasa itself refuses a ${VAR} that starts a value when the variable is unset
        create_http_input_channels(None, str(path))
    except RasaException as exc:
        assert "SHOP_TEST_MPM" in str(exc), str(exc)
    else:
        raise AssertionError("an unset variable was accepted")
    shipped = create_http_input_channels(None, "credentials.yml")
    assert sorted(c.name() for c in shipped) == ["rest", "shop", "socketio"]


@check
def webhook_body_checks():
    from bot.channels.guards import check_webhook_body
    ok = lambda raw, n=20: check_webhook_body(raw, n)
    assert ok(b'{"sender": "a-1", "message": "hi", "metadata": {"k": 1}}') == (
        {"sender": "a-1", "message": "hi", "metadata": {"k": 1}}, None)
    assert ok(b"") == (None, (400, "the body must be a JSON object"))
    assert ok(b"\xff\xfe") [1][0] == 400
    assert ok(b"[1, 2]")[1][0] == 400
    # helpdesk ids are normalised, not refused: numbers become text, other characters are made
    # safe with a hash of the original (different ids never meet); refused only when unusable
    assert ok(b'{"sender": 5}')[0]["sender"] == "5" and ok(b'{"sender": 12.0}')[0]["sender"] == "12"
    odd = ok(b'{"sender": "../etc"}')[0]["sender"]
    assert odd.startswith(".._etc-") and "/" not in odd
    long_id = ok(json.dumps({"sender": "x" * 129}).encode())[0]["sender"]
    assert len(long_id) <= 128 and long_id != ok(json.dumps({"sender": "x" * 130}).encode())[0]["sender"]
    email = ok(b'{"sender": "ann+shop@example.com"}')[0]["sender"]
    assert email == ok(b'{"sender": "ann+shop@example.com"}')[0]["sender"]  # stable
    assert email != ok(b'{"sender": "ann shop@example.com"}')[0]["sender"]  # no collision
    from bot.channels.guards import SENDER
    assert all(SENDER.match(x) for x in (odd, long_id, email))
    for bad in (b'{"sender": true}', b'{"sender": [1]}', b'{"sender": ""}', b'{"sender": 1.5}'):
        assert ok(bad)[1][0] == 400, bad
    assert ok(b'{"message": 5}')[1] == (400, "message must be text")
    assert ok(json.dumps({"message": "x" * 21}).encode())[1] == (413, "message too long (the limit is 20 characters)")
    assert ok(json.dumps({"message": "x" * 20}).encode())[1] is None
    assert ok(json.dumps({"message": "a\x00b"}).encode())[1][0] == 400
    assert ok(b'{"metadata": "x"}')[1][0] == 400


@check
def rate_limiter():
    from bot.channels.guards import RateLimiter
    now = [100.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.retry_after("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.retry_after("a")
    assert 19.9 < wait <= 20.0, wait  # one token per 20 s at 3 a minute
    assert limiter.retry_after("b") == 0.0  # another sender is not held up
    now[0] += 20.0
    assert limiter.retry_after("a") == 0.0
    limiter.MAX_KEYS = 10
    for i in range(30):
        limiter.retry_after(f"k{i}")
    assert len(limiter._buckets) <= 10


@check
def guard_middleware_uses_the_settings():
    from sanic import Blueprint
    from bot.channels.guards import install_guards
    from bot.channels.settings import ChannelSettings
    bp = Blueprint("guard_test")
    install_guards(bp, ChannelSettings(max_message_chars=5, messages_per_minute=2, uploads_per_minute=1,
                                       history_per_minute=1, max_upload_bytes=1024))
    guard = bp._future_middleware[0].middleware

    def call(method, path, body=b"", args=None):
        request = SimpleNamespace(method=method, path=path, body=body, args=args or {}, remote_addr="10.0.0.1")
        resp = asyncio.run(guard(request))
        return (resp.status, json.loads(resp.body)["error"], dict(resp.headers)) if resp else (None, request)

    ok = call("POST", "/webhooks/shop/webhook", b'{"sender": "s1", "message": "hi"}')
    assert ok[0] is None and ok[1].parsed_json == {"sender": "s1", "message": "hi"}
    assert call("POST", "/webhooks/shop/webhook", b'{"sender": "s1", "message": "hello!"}')[0] == 413
    assert call("POST", "/webhooks/shop/webhook/", b'{"sender": "s1"}')[0] is None
    flood = call("POST", "/webhooks/shop/webhook", b'{"sender": "s1"}')
    assert flood[0] == 429 and int(flood[2]["Retry-After"]) >= 1
    assert call("POST", "/webhooks/shop/webhook", b"x" * (1024 * 4 // 3 + 64 * 1024 + 1))[1] == "request too large"
    assert call("POST", "/webhooks/shop/upload", args={"sender": "bad/id"})[0] != 400  # normalised, then checked
    assert call("POST", "/webhooks/shop/upload", args={"sender": "s1"})[0] is None
    assert call("POST", "/webhooks/shop/upload", args={"sender": "s1"})[0] == 429
    assert call("POST", "/webhooks/shop/upload")[0] is None  # no sender: counted per address
    assert call("POST", "/webhooks/shop/upload")[0] == 429
    assert call("GET", "/webhooks/shop/history", args={"sender": "s1"})[0] is None
    assert call("GET", "/webhooks/shop/history", args={"sender": "s1"})[0] == 429
    assert call("GET", "/webhooks/shop/health")[0] is None


@check
def photo_checks_come_from_recsys_images():
    from recsys import images
    from bot.channels.uploads import photo_problem
    limit = 1 << 20
    assert photo_problem(png(), limit) is None
    assert photo_problem(png(fmt="GIF"), limit) is None
    status, reason = photo_problem(png(), 10)
    assert status == 413 and "too large" in reason
    assert photo_problem(b"<img src=x onerror=alert(1)>", limit) == (415, "that file is not a photo I can read")
    assert photo_problem(b"", limit) == (400, "the photo is empty")
    status, reason = photo_problem(png(fmt="BMP"), limit)
    assert status == 415 and reason.startswith("unsupported photo type BMP"), reason
    assert photo_problem(png((4, 4)), limit) == (400, "the photo is too small (4x4)")
    # The channel only verifies (no pixel decode); the limits are the library's.
    try:
        images.check_image_bytes(png((4, 4)))
    except images.ImageError as exc:
        assert exc.kind == images.TOO_SMALL and str(exc) == photo_problem(png((4, 4)), limit)[1]
    assert images.verify_image_bytes(png((40, 30))) == images.ImageInfo("PNG", 40, 30, len(png((40, 30))))


@check
def store_and_sweep_uploads():
    from bot.channels.uploads import UploadSweeper, store_upload, sweep_uploads
    d = WORK / "uploads"
    image_id = store_upload(d, b"photo")
    assert len(image_id) == 32 and (d / f"{image_id}.img").read_bytes() == b"photo"
    assert not list(d.glob("*.part"))
    old, part, other = d / ("a" * 32 + ".img"), d / ("c" * 32 + ".part"), d / "keep.txt"
    for f in (old, part, other):
        f.write_bytes(b"x")
        os.utime(f, (time.time() - 7200, time.time() - 7200))
    assert sweep_uploads(d, 3600) == 2
    assert not old.exists() and not part.exists() and other.exists() and (d / f"{image_id}.img").exists()
    assert sweep_uploads(d / "missing", 3600) == 0
    sweeper = UploadSweeper(d, 3600, every_s=600)
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert sweeper.maybe_sweep(now=time.time()) == 1
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert sweeper.maybe_sweep(now=time.time() + 60) == 0  # swept a minute ago
    assert sweeper.maybe_sweep(now=time.time() + 601) == 1
    blocked = WORK / "not-a-dir"
    blocked.write_bytes(b"")
    try:
        store_upload(blocked, b"photo")
    except OSError:
        pass
    else:
        raise AssertionError("stored under a file")


@check
def history_rendering():
    from bot.channels.history import history_messages
    ev = lambda **kw: SimpleNamespace(**{"text": None, "metadata": None, "data": None, **kw})
    tracker = SimpleNamespace(events=[
        ev(type_name="user", text="hello", metadata={"image_id": "ab" * 16}),
        ev(type_name="user", text="/widget_event", metadata={}),
        ev(type_name="user", text='/choose{"id": 1}', metadata={"label": "The blue one"}),
        ev(type_name="bot", text="Here you go", data={"buttons": [{"title": "More"}]}),
        ev(type_name="bot", data={"custom": {"products": []}}),
        ev(type_name="bot"),
        ev(type_name="action"),
    ])
    assert history_messages(tracker) == [
        {"role": "user", "text": "hello", "photo": True},
        {"role": "user", "text": "The blue one", "photo": False},
        {"role": "bot", "text": "Here you go", "buttons": [{"title": "More"}]},
        {"role": "bot", "custom": {"products": []}},
    ]
    assert history_messages(None) == []
    assert len(history_messages(SimpleNamespace(events=[ev(type_name="user", text="x")] * 300))) == 200


results = {}
for name, fn in CHECKS.items():
    try:
        fn()
        results[name] = "ok"
    except BaseException:
        results[name] = traceback.format_exc()
print("RESULTS " + json.dumps(results))
"""

CHECK_NAMES = ["defaults", "overrides", "malformed_values_are_refused_with_the_key",
               "rasa_reads_credentials_with_env_expansion", "webhook_body_checks", "rate_limiter",
               "guard_middleware_uses_the_settings", "photo_checks_come_from_recsys_images", "store_and_sweep_uploads",
               "history_rendering"]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    work = tmp_path_factory.mktemp("channels")
    proc = subprocess.run([str(RASA_PY), "-c", SCRIPT, str(work)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULTS ")]
    assert proc.returncode == 0 and lines, proc.stdout[-2000:] + proc.stderr[-4000:]
    return json.loads(lines[-1][len("RESULTS "):])


def test_every_check_ran(results):
    assert sorted(results) == sorted(CHECK_NAMES)


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_channel_check_in_the_rasa_env(results, name):
    assert results.get(name) == "ok", results.get(name)
