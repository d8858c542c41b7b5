"""A headless Chromium driven over the DevTools protocol on a pipe: open a page, collect what the browser
reports as errors, measure the layout, take a screenshot. Standard library only (no driver, no
websocket): Chromium reads commands on fd 3 and writes replies on fd 4 (``--remote-debugging-pipe``).

Debian's ``chromium`` package; ``.ci/run`` installs it when absent.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# the flags that work on this machine: root needs --no-sandbox; background networking would try
# hosts this closed network refuses
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
TIMEOUT = 60.0  # seconds for one command, page load included


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    pass


@dataclass
class PageVisit:
    """What one page load showed: errors the browser reported, the layout, the screenshot."""

    errors: list[str] = field(default_factory=list)
    layout: dict[str, Any] = field(default_factory=dict)
    screenshot: bytes = b""


class Chromium:
    """One headless Chromium process; use as a context manager."""

    def __init__(self, binary: str | None = None) -> None:
        binary = binary or chromium_path()
        if binary is None:
            raise BrowserError("no chromium on PATH")
        self.profile = tempfile.TemporaryDirectory(prefix="csr-review-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire() -> None:  # in the child: the protocol's pipes at fds 3 and 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            pass_fds=(3, 4),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self._send("Browser.close")
                self.proc.wait(timeout=10)
        except (BrowserError, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(timeout=10)
        finally:
            for fd in (self._to_browser, self._from_browser):
                with contextlib.suppress(OSError):
                    os.close(fd)
            self.profile.cleanup()

    # -- the protocol ------------------------------------------------------------------------------

    def _send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise BrowserError("no answer from chromium in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise BrowserError(f"chromium closed the pipe (exit status {self.proc.poll()})")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self.events.append(message)

    def wait_for(self, event: str, session: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not any(e["method"] == event and e.get("sessionId") == session for e in self.events):
            message = self._receive(deadline)
            if "method" in message:
                self.events.append(message)

    # -- a page ------------------------------------------------------------------------------------

    def visit(self, url: str, width: int, height: int) -> PageVisit:
        """Load ``url`` in a ``width`` × ``height`` viewport (a phone's when narrow), then report."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.events.clear()
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=session)
        mobile = width < 600
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
            session=session,
        )
        self.call("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        layout = self.call(
            "Runtime.evaluate",
            {"expression": _LAYOUT, "returnByValue": True},
            session=session,
        )["result"]["value"]
        shot = self.call("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
        visit = PageVisit(errors=_errors(e for e in self.events if e.get("sessionId") == session))
        visit.layout = json.loads(layout)
        visit.screenshot = base64.b64decode(shot)
        self.call("Target.closeTarget", {"targetId": target})
        return visit


# what the test checks of the laid-out page: no sideways scrolling, every image decoded
_LAYOUT = """JSON.stringify({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  images: [...document.images].map(i => ({complete: i.complete, width: i.naturalWidth})),
  scripts: document.scripts.length,
  fontFamily: getComputedStyle(document.body).fontFamily
})"""


def _errors(events: Any) -> list[str]:
    """The browser's own reports of trouble: failed loads, console errors, exceptions."""
    found = []
    for e in events:
        method, params = e["method"], e.get("params", {})
        if method == "Network.loadingFailed" and not params.get("canceled"):
            found.append(f"load failed: {params.get('errorText')}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            found.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            found.append("console error")
        elif method == "Runtime.exceptionThrown":
            found.append(f"exception: {params.get('exceptionDetails', {}).get('text')}")
    return found


def screenshot(page: Path, target: Path, width: int = 1280, height: int = 2000) -> PageVisit:
    """Open ``page`` and write its screenshot to ``target`` (PNG)."""
    with Chromium() as browser:
        visit = browser.visit(page.resolve().as_uri(), width, height)
    target.write_bytes(visit.screenshot)
    return visit
