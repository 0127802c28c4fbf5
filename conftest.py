"""pytest hooks for the whole repository (every addon's tests and tests/)."""

import contextlib
import threading


def pytest_sessionfinish(session, exitstatus):
    """Close the browsers that a failed browser test left open.

    When Chromium stops answering (a tour that timed out on a loaded
    machine), Odoo's ChromeBrowser.stop() raises before it closes its
    websocket, and the non-daemon "WebSocket events consumer" thread then
    keeps the test process alive forever after pytest's summary.
    """
    for thread in threading.enumerate():
        if thread.name != "WebSocket events consumer":
            continue
        browser = getattr(getattr(thread, "_target", None), "__self__", None)
        if browser is None:
            continue
        with contextlib.suppress(Exception):
            browser.ws.close()
        with contextlib.suppress(Exception):
            browser.chrome.kill()
        thread.join(timeout=10)
