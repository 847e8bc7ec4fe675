"""Headless Chromium for the page tests: Debian's chromium driven by playwright, and the
folder screenshots go to ($KINHNGHIEM_ARTIFACTS, else the test's tmp dir)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying hosts this closed
# network refuses.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
NEEDS_CHROMIUM = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian's chromium is not installed (apt-get install -y chromium)",
    ),
]


@contextmanager
def chromium_page(width: int, height: int) -> Iterator:
    """A page of a fresh headless Chromium, closed afterwards."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def artifacts_folder(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("KINHNGHIEM_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def loaded_text(page, response) -> str:
    """The page's visible text, once it answered 200."""
    assert response is not None and response.status == 200, (page.url, response)
    return page.locator("body").inner_text()
