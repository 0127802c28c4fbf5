#!/usr/bin/env python3
"""Capture the main screens of the suite, in English and Simplified Chinese.

Not part of ``make test``. Start the demo server first (``make run``, or
``HTTP_PORT=8069 DB=sales_demo tools/dev.sh run``), load Chinese once
(``python3 -m odoo -c .local/odoo.conf -d sales_demo --load-language=zh_CN
--stop-after-init``), then run::

    python3 docs/screenshots.py [--url http://localhost:8069] [--db sales_demo]

It logs in as admin, switches admin's language, drives headless Chromium
through the Chrome DevTools protocol (websocket-client) and writes one PNG per
screen and language into docs/screenshots/ (palette-reduced when above
300 KB). The records shown are the demo data of the addons, found by XML id.
"""

import argparse
import base64
import io
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket
from PIL import Image  # Odoo depends on Pillow

HERE = Path(__file__).resolve().parent
LANGS = ("en_US", "zh_CN")
MAX_BYTES = 300 * 1024

# name, URL (with {xmlid} placeholders resolved to record ids), what to wait
# for, and an optional script that brings the screen in its state
SCREENS = [
    {
        "name": "customer_claimed",
        "url": "/odoo/action-base.action_partner_form/{sales_claim_registration.demo_partner_jia}",
        "ready": ".o_form_view [name='claim_banner']",
    },
    {
        # the demo customers (Chinese company names), with the claim badge,
        # owner and countdown, or the In Pool badge
        "name": "customers_kanban",
        "url": "/odoo/action-base.action_partner_form",
        "ready": ".o_kanban_view .o_kanban_record",
        "script": "type:.o_searchview_input|有限公司;press:Enter",
        "after": ".o_searchview_facet",
    },
    {
        "name": "claim_refused",
        "url": "/odoo/action-sales_claim_registration.sales_claim_prospect_wizard_action",
        "ready": ".modal [name='company_name'] input",
        "script": "type:.modal [name='company_name'] input"
        "|{sales_claim_registration.demo_partner_jia:name}",
        "after": ".modal [name='claim_refusal']",
    },
    {
        "name": "arbitration",
        "url": "/odoo/action-sales_claim_registration.sales_claim_conflict_action/"
        "{sales_claim_registration.demo_conflict_jia}",
        "ready": ".o_form_view .o_statusbar_status",
    },
    {
        "name": "public_pool",
        "url": "/odoo/action-sales_public_pool.res_partner_pool_action",
        "ready": ".o_list_view .o_data_row",
    },
    {
        "name": "credit_split",
        "url": "/odoo/action-crm.crm_lead_action_pipeline/{sales_credit_split.demo_lead_agreed}",
        "ready": ".o_form_view a[name='credit_split']",
        "script": "click:.o_form_view a[name='credit_split']",
        "after": ".o_field_widget[name='credit_split_line_ids'] .o_data_row",
    },
    {
        # equal thirds (Split Equally) and a pre-sales share credited on top
        # (overlay): the won deal of the demo, seen by a sales manager
        "name": "credit_split_overlay",
        "url": "/odoo/action-crm.crm_lead_action_pipeline/{sales_credit_split.demo_lead_locked}",
        "ready": ".o_form_view a[name='credit_split']",
        "script": "click:.o_form_view a[name='credit_split'];"
        "scroll:.o_form_view button[name='action_credit_split_equally']",
        "after": ".o_field_widget[name='credit_split_line_ids'] .o_data_row:nth-child(4)",
    },
    {
        # a quotation whose service line has its own split (Split button of
        # the line): Credit by Participant adds the order's split and the
        # line's up, Product Line Splits lists the line's shares
        "name": "credit_split_lines",
        "url": "/odoo/action-sale.action_quotations_with_onboarding/"
        "{sales_credit_split.demo_order_line_split}",
        "ready": ".o_form_view a[name='credit_split']",
        "script": "click:.o_form_view a[name='credit_split'];"
        "scroll:.o_form_view .o_field_widget[name='credit_split_summary']",
        "after": ".o_field_widget[name='credit_split_product_share_ids'] .o_data_row",
    },
]


class Odoo:
    """JSON-RPC client of the running server (admin session)."""

    def __init__(self, url, db, login, password):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        result = self._rpc(
            "/web/session/authenticate", {"db": db, "login": login, "password": password}
        )
        self.uid = result["uid"]

    def _rpc(self, path, params):
        response = self.session.post(
            self.url + path, json={"jsonrpc": "2.0", "method": "call", "params": params}, timeout=60
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RuntimeError(json.dumps(body["error"], indent=1)[:2000])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self._rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def xmlid(self, xmlid, field=None):
        module, name = xmlid.split(".", 1)
        rows = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["model", "res_id"],
        )
        if not rows:
            raise SystemExit(f"{xmlid} not found: is the demo data of the addons installed?")
        if not field:
            return str(rows[0]["res_id"])
        return self.call(rows[0]["model"], "read", [rows[0]["res_id"]], [field])[0][field]

    def resolve(self, text):
        out, rest = "", text
        while "{" in rest:
            head, tail = rest.split("{", 1)
            key, rest = tail.split("}", 1)
            xmlid, __, field = key.partition(":")
            out += head + self.xmlid(xmlid, field or None)
        return out + rest


class Chrome:
    """Headless Chromium driven through the DevTools protocol."""

    def __init__(self, width=1400, height=900):
        binary = (
            shutil.which("chromium")
            or shutil.which("chromium-browser")
            or shutil.which("google-chrome")
        )
        if not binary:
            raise SystemExit("Chromium is needed: install Debian's 'chromium' package.")
        self.profile = tempfile.mkdtemp(prefix="screens_chrome_")
        port = 9400 + os.getpid() % 500
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for __ in range(100):
            try:
                pages = requests.get(f"http://127.0.0.1:{port}/json", timeout=2).json()
                ws_url = next(p["webSocketDebuggerUrl"] for p in pages if p["type"] == "page")
                break
            except (requests.ConnectionError, StopIteration):
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        self.ws = websocket.create_connection(ws_url, suppress_origin=True, timeout=60)
        self.next_id = 0
        self.send("Page.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        return result.get("result", {}).get("value")

    def wait(self, selector, timeout=30):
        check = (
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " return !!el"
            " && !document.querySelector('.o_loading_indicator, .o_blockUI'); })()"
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.js(check):
                return
            time.sleep(0.3)
        debug = Path(tempfile.gettempdir()) / "screenshots_failed.png"
        self.screenshot(debug)
        raise RuntimeError(f"{selector} did not show within {timeout}s (screen: {debug})")

    def set_cookie(self, url, name, value):
        self.send("Network.setCookie", name=name, value=value, url=url)

    def run(self, script):
        for step in script.split(";"):
            self.step(step)

    def step(self, step):
        action, __, arg = step.partition(":")
        if action == "press":
            for kind in ("keyDown", "keyUp"):
                self.send(
                    "Input.dispatchKeyEvent",
                    type=kind,
                    key=arg,
                    code=arg,
                    windowsVirtualKeyCode=13 if arg == "Enter" else 0,
                )
        elif action == "click":
            self.js(f"document.querySelector({json.dumps(arg)}).click()")
        elif action == "scroll":
            # a tab low in a long form: bring it to the middle of the screen,
            # once the tab shows
            self.wait(arg)
            self.js(
                f"document.querySelector({json.dumps(arg)})"
                ".scrollIntoView({block: 'center', behavior: 'instant'})"
            )
        elif action == "type":
            selector, __, text = arg.partition("|")
            self.js(f"document.querySelector({json.dumps(selector)}).focus()")
            self.send("Input.insertText", text=text)
            # "change" commits a form field and runs the server-side checks
            self.js(
                f"document.querySelector({json.dumps(selector)})"
                ".dispatchEvent(new Event('change', {bubbles: true}))"
            )

    def screenshot(self, path):
        data = base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])
        if len(data) > MAX_BYTES:
            image = Image.open(io.BytesIO(data)).convert("RGB").quantize(colors=128)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            data = buffer.getvalue()
        path.write_bytes(data)
        return len(data)

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="sales_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default=str(HERE / "screenshots"))
    parser.add_argument("--only", help="comma-separated screen names")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    odoo = Odoo(args.url, args.db, args.login, args.password)
    original_lang = odoo.call("res.users", "read", [odoo.uid], ["lang"])[0]["lang"]
    screens = [s for s in SCREENS if not args.only or s["name"] in args.only.split(",")]
    if (
        shutil.which("fc-list")
        and not subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout.strip()
    ):
        raise SystemExit("No Chinese font: install one (e.g. Debian's fonts-wqy-microhei) first.")
    chrome = Chrome()
    try:
        chrome.set_cookie(args.url, "session_id", odoo.session.cookies["session_id"])
        for lang in LANGS:
            odoo.call("res.users", "write", [odoo.uid], {"lang": lang})
            for screen in screens:
                chrome.send("Page.navigate", url="about:blank")
                chrome.send("Page.navigate", url=args.url + odoo.resolve(screen["url"]))
                chrome.wait(screen["ready"])
                if screen.get("script"):
                    time.sleep(1.0)  # the dialog finishes opening
                    chrome.run(odoo.resolve(screen["script"]))
                    chrome.wait(screen["after"])
                time.sleep(2.0)  # let animations and images settle
                path = out / f"{screen['name']}_{lang}.png"
                size = chrome.screenshot(path)
                print(f"{path.relative_to(HERE.parent)}  {size // 1024} KB")
    finally:
        chrome.close()
        odoo.call("res.users", "write", [odoo.uid], {"lang": original_lang})


if __name__ == "__main__":
    main()
