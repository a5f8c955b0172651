"""The component's frame inside the test platform page, as a Playwright Frame (for evaluate)."""

from __future__ import annotations

from playwright.sync_api import Frame, Page


def frame_of(page: Page) -> Frame:
    handle = page.locator("#one iframe").element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame
