"""Third-party chat clients in a real browser against the real servers: botfront's rasa-webchat
(from the npm registry, scripts/clients.sh) on Rasa's socket.io channel, served by the demo
storefront (/clients/rasa-webchat.html). A product search shows products as a carousel, a detour
during an order look-up comes back to it, no raw JSON appears, and screenshots are saved."""

from __future__ import annotations

import shutil
import time

import pytest

from tests.browser.test_widget import ARTIFACTS, CHROMIUM, FLAGS, ROOT

pytestmark = pytest.mark.integration
playwright_api = pytest.importorskip("playwright.sync_api")
WEBCHAT = ROOT / "var" / "clients" / "rasa-webchat-1.0.1.js"


@pytest.fixture(scope="module")
def webchat_page(chat_stack):
    if not WEBCHAT.is_file():
        pytest.fail("rasa-webchat is not fetched (scripts/test.sh runs scripts/clients.sh)")
    vendor = chat_stack["work"] / "var" / "clients"  # the storefront's RECSYS_VAR_DIR/clients
    vendor.mkdir(parents=True, exist_ok=True)
    shutil.copy(WEBCHAT, vendor / WEBCHAT.name)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{chat_stack['storefront']}/clients/rasa-webchat.html")
        page.locator(".rw-new-message").wait_for(timeout=60_000)
        yield page, errors
        browser.close()


def say(page, text: str, wait_for: str) -> str:
    """Type a message into rasa-webchat; the text of the bot's new replies once ``wait_for`` is among them."""
    before = page.locator(".rw-response").count()
    page.locator(".rw-new-message").fill(text)
    page.locator(".rw-new-message").press("Enter")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        said = "\n".join(page.locator(".rw-response").all_inner_texts()[before:])
        if wait_for in said:
            return said
        page.wait_for_timeout(250)
    raise AssertionError(f"no {wait_for!r} in the replies to {text!r}: {said!r}")


def test_rasa_webchat_search_shows_a_carousel_and_a_detour_comes_back(webchat_page):
    expect = playwright_api.expect
    page, errors = webchat_page
    say(page, "show me men's hoodies under $60", "Here are")
    cards = page.locator(".rw-carousel-card")
    expect(cards.first).to_be_visible(timeout=60_000)
    assert cards.count() == 5
    assert "Hoodie" in " ".join(page.locator(".rw-carousel-card-title").all_inner_texts())
    assert page.locator(".rw-carousel-card-image").first.get_attribute("src")
    page.screenshot(path=str(ARTIFACTS / "rasa-webchat-search.png"))

    say(page, "where is my order 1001?", "email")
    text = say(page, "do you ship to canada?", "Back to your order")
    assert "Canada" in text or "canada" in text
    text = say(page, "roni_cost@example.com", "Order 1001")
    page.screenshot(path=str(ARTIFACTS / "rasa-webchat-order-detour.png"))

    messages = page.locator(".rw-messages-container").inner_text()
    assert '"type"' not in messages and "{'" not in messages  # no raw payloads
    assert errors == []


def test_rasa_webchat_carousel_buttons_are_understood(webchat_page):
    expect = playwright_api.expect
    page, errors = webchat_page
    carousels = page.locator(".rw-carousel-container").count()
    say(page, "show me watches", "Here are")
    expect(page.locator(".rw-carousel-container")).to_have_count(carousels + 1, timeout=30_000)
    card = page.locator(".rw-carousel-container").last.locator(".rw-carousel-card").nth(1)
    title = card.locator(".rw-carousel-card-title").inner_text()
    card.get_by_text("Add to cart").click()
    expect(page.locator(".rw-messages-container")).to_contain_text(f"Added the {title}", timeout=60_000)
    # a button of an older carousel still means its own product
    old = page.locator(".rw-carousel-container").first.locator(".rw-carousel-card").first
    old_title = old.locator(".rw-carousel-card-title").inner_text()
    old.get_by_text("Add to cart").click()
    expect(page.locator(".rw-messages-container")).to_contain_text(f"Added the {old_title}", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "rasa-webchat-cart.png"))
    assert errors == []
