"""The storefront widget in a real browser (Debian's Chromium driven by Playwright) against the
real servers: search, "More like this", a photo, an order detour and back, reload, new
conversation, keyboard-only use, a phone-width viewport, and hostile text rendered as text.
Screenshots land in test-artifacts/ (or $TEST_ARTIFACTS) to be looked at."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS") or ROOT / "test-artifacts")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that work on these machines: no sandbox as root, no GPU, and no background network
# traffic (there is no network but loopback).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.integration
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed (scripts/test.sh installs Debian's chromium)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


def open_chat(page, url: str):
    page.goto(url)
    page.get_by_role("button", name=re.compile("^Open chat")).click()
    expect = playwright_api.expect
    expect(page.get_by_role("dialog")).to_be_visible()
    page.locator(".sc-turn-bot").first.wait_for()  # greeting or history rendered: the log is settled
    return page.locator("#sc-input")


def send(page, text: str) -> None:
    turns = page.locator(".sc-turn-bot").count()
    page.locator("#sc-input").fill(text)
    page.locator("#sc-input").press("Enter")
    page.locator(".sc-turn-bot").nth(turns).wait_for(timeout=60_000)  # (no eval: the page's CSP forbids it)


def last_turn(page):
    return page.locator(".sc-turn-bot").last


def test_conversation_in_the_widget(browser, chat_stack):
    expect = playwright_api.expect
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_chat(page, chat_stack["storefront"])
    expect(page.locator(".store-card").first).to_be_visible()
    expect(page.locator("#sc-input")).to_be_focused()

    send(page, "show me men's hoodies under $60")
    cards = last_turn(page).locator(".sc-card")
    expect(cards).to_have_count(5)
    first_title = cards.first.locator(".sc-card-title").inner_text()
    prices = [float(t.strip("$")) for t in last_turn(page).locator(".sc-card-price").all_inner_texts()]
    assert all(p <= 60 for p in prices), prices
    expect(cards.first.locator("img")).to_have_attribute("src", re.compile(r"^http://127\.0\.0\.1:\d+/images/"))
    cards.first.get_by_role("button", name=re.compile("^Why this product")).click()
    expect(cards.first.locator(".sc-why")).to_contain_text("text similarity")
    last_turn(page).locator(".sc-turn-why .sc-why-btn").click()
    expect(last_turn(page).locator(".sc-turn-why .sc-why")).to_contain_text("scene: search")
    expect(last_turn(page).locator(".sc-turn-why .sc-why")).to_contain_text(re.compile(r"what counted: text \d+%"))
    expect(last_turn(page).locator(".sc-turn-why .sc-why")).to_contain_text("words that mattered:")

    cards.first.get_by_role("button", name=f"More like {first_title}").click()
    page.locator(".sc-turn-bot").nth(2).wait_for(timeout=60_000)
    expect(page.locator(".sc-turn-user").last).to_contain_text(f"More like the {first_title}")
    expect(last_turn(page)).to_contain_text(first_title)  # "Similar to the ..." / "go well with the ..."
    expect(last_turn(page).locator(".sc-card").first).to_be_visible()

    # photo: a crop of a catalog photo, attached with the file picker, previewed, sent
    photo = chat_stack["work"] / "shot.jpg"
    from PIL import Image
    with Image.open(Path(chat_stack["env"]["RECSYS_CATALOG_PATH"]).parent / "images" / "wj01-red_main.jpg") as im:
        im.convert("RGB").crop((10, 10, im.width - 10, im.height - 10)).save(photo)
    page.locator("#sc-file").set_input_files(str(photo))
    expect(page.locator(".sc-preview img")).to_be_visible()
    send(page, "do you have this?")
    expect(page.locator(".sc-user-photo").last).to_be_visible()
    expect(last_turn(page).locator(".sc-card-title").first).to_have_text("Stellar Solar Jacket")
    expect(last_turn(page)).to_contain_text("looks like your photo")

    # detour to an order, then back to shopping
    send(page, "where is my order?")
    expect(last_turn(page)).to_contain_text("order number")
    send(page, "1001")
    send(page, "roni_cost@example.com")
    order = last_turn(page).locator(".sc-order")
    expect(order).to_contain_text("Order 1001")
    expect(order.locator(".sc-order-status")).to_have_text("shipped")
    send(page, "ok, now show me some jackets")
    expect(last_turn(page).locator(".sc-card").first).to_be_visible()
    assert "Jackets" in " ".join(last_turn(page).locator(".sc-card").first.all_inner_texts()) or \
        last_turn(page).locator(".sc-card").count() > 0

    last_turn(page).locator(".sc-card").first.get_by_role("button", name=re.compile("^Add .* to cart$")).click()
    expect(last_turn(page)).to_contain_text("to your cart")
    expect(page.locator("#cart-count")).to_have_text("1")
    page.screenshot(path=str(ARTIFACTS / "widget-desktop.png"))

    # reload: the same conversation comes back from the server
    sender = page.evaluate("window.ShopChat.sender()")
    page.reload()
    page.get_by_role("button", name=re.compile("^Open chat")).click()
    expect(page.locator(".sc-turn-user").first).to_contain_text("show me men's hoodies under $60")
    expect(page.locator(".sc-order").first).to_contain_text("Order 1001")
    assert page.evaluate("window.ShopChat.sender()") == sender
    page.screenshot(path=str(ARTIFACTS / "widget-after-reload.png"))

    page.get_by_role("button", name="New conversation").click()
    expect(page.locator(".sc-turn-user")).to_have_count(0)
    assert page.evaluate("window.ShopChat.sender()") != sender
    assert not errors, errors
    context.close()


def test_phone_width_and_keyboard_only(browser, chat_stack):
    expect = playwright_api.expect
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(chat_stack["storefront"])
    page.wait_for_selector(".sc-launcher")
    # keyboard only: tab to the launcher, open, type, send, close with Escape
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('sc-launcher')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('sc-launcher')")
    page.keyboard.press("Enter")
    expect(page.locator("#sc-input")).to_be_focused()
    page.locator(".sc-turn-bot").first.wait_for()
    page.keyboard.type("show me water bottles")
    page.keyboard.press("Enter")
    expect(page.locator(".sc-card").first).to_be_visible(timeout=60_000)
    panel = page.get_by_role("dialog").bounding_box()
    assert panel["width"] <= 390 and panel["x"] >= 0  # fits the phone screen
    page.screenshot(path=str(ARTIFACTS / "widget-phone.png"))
    assert page.get_by_role("log").count() == 1 and page.get_by_role("textbox", name="Message").count() == 1
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('sc-launcher')")
    context.close()


def test_hostile_text_is_rendered_as_text(browser, chat_stack):
    from tests.stack import HOSTILE_TITLE

    expect = playwright_api.expect
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    open_chat(page, chat_stack["storefront"])
    send(page, "<script>window.__xss=3</script><img src=x onerror=\"window.__xss=4\"> hello")
    expect(page.locator(".sc-turn-user").last).to_contain_text("<script>window.__xss=3</script>")
    send(page, "do you have the saboteur tote bag?")
    expect(page.locator(".sc-card-title").filter(has_text="Saboteur Tote").first).to_have_text(HOSTILE_TITLE)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".sc-root script, .sc-root img[src='x']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "widget-hostile-text.png"))
    context.close()


def test_bad_photo_and_server_down_say_what_happened(browser, chat_stack, tmp_path):
    expect = playwright_api.expect
    context = browser.new_context()
    page = context.new_page()
    open_chat(page, chat_stack["storefront"])
    fake = tmp_path / "notes.png"
    fake.write_bytes(b"this is not a png")
    page.locator("#sc-file").set_input_files(str(fake))
    page.locator("#sc-input").fill("this")
    page.locator("#sc-input").press("Enter")
    expect(page.locator(".sc-error")).to_contain_text("not a photo")
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff\xd8" + b"\0" * (6 * 1024 * 1024))
    page.locator("#sc-file").set_input_files(str(big))
    expect(page.locator(".sc-error")).to_contain_text("too large")  # refused before upload
    # the chat server unreachable: a clear error and a Retry that works once it is back
    page.route("**/webhooks/shop/webhook", lambda route: route.abort())
    page.locator("#sc-input").fill("hi")
    page.locator("#sc-input").press("Enter")
    expect(page.locator(".sc-error")).to_contain_text("Couldn't reach the shop assistant")
    page.unroute("**/webhooks/shop/webhook")
    page.get_by_role("button", name="Retry").click()
    expect(page.locator(".sc-error")).to_be_hidden()
    expect(page.locator(".sc-turn-bot").last).to_contain_text(re.compile("help", re.I), timeout=60_000)
    context.close()
