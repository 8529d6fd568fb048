"""Browser tests of mail: on the demo co-op a coordinator opens the outbox
(the development outbox, since no relay is configured), finds the governance
email a new proposal queued and the reminders the scheduler queued at start,
and reads one; with COOPCARE_SMTP_URL pointing at a tiny SMTP server written
here, the scheduler delivers the outbox to it. Every page is checked with axe.
"""

from __future__ import annotations

import base64
import re
import socketserver
import threading
import time

import pytest
from selenium.webdriver.common.by import By

from conftest import body_text, check_axe, wait_for_heading
from test_care import sign_in
from test_governance import open_proposal

COORDINATOR = "avery.sample@demo.coopcare.example"
SPANISH_CLIENT = "indigo.ficticio@demo.coopcare.example"


def totp_secret(server, email: str) -> str:
    return next(
        re.search(r"TOTP secret: (\S+)", line).group(1)
        for line in server.stdout_lines if email in line and "TOTP secret" in line
    )


def open_outbox(driver, server, expect: str, timeout: float = 20) -> str:
    """Opens /outbox until `expect` shows (the scheduler runs beside the server)."""
    deadline = time.monotonic() + timeout
    while True:
        driver.get(server.url("/outbox"))
        wait_for_heading(driver, "Mail outbox")
        text = body_text(driver)
        if expect in text or time.monotonic() > deadline:
            return text
        time.sleep(0.5)


def test_coordinator_reads_the_development_outbox(server_factory, driver):
    demo = server_factory("--demo")
    sign_in(driver, demo, COORDINATOR, totp_secret=totp_secret(demo, COORDINATOR))
    open_proposal(driver, demo, "Plant a shared garden")
    text = open_outbox(driver, demo, "Recordatorio: sesión")
    check_axe(driver)
    assert "Development outbox: what would be sent" in text
    assert "New proposal to vote on: Plant a shared garden" in text
    # The scheduler's first tick queued the Spanish client's session reminder and a licence reminder.
    assert "Recordatorio: sesión el" in text
    assert SPANISH_CLIENT in text
    assert "expires on" in text
    driver.find_element(By.PARTIAL_LINK_TEXT, "Recordatorio: sesión").click()
    wait_for_heading(driver, "Email")
    check_axe(driver)
    body = body_text(driver)
    assert "/appointments" in body
    assert "minutos" in body


class FakeRelay(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), RelayHandler)
        self.messages: list[dict] = []
        self.lock = threading.Lock()


class RelayHandler(socketserver.StreamRequestHandler):
    def say(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        self.say("220 relay.test ESMTP")
        sender, recipients = "", []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode().rstrip("\r\n")
            verb = line.split(" ")[0].upper()
            if verb == "EHLO":
                self.say("250 relay.test")
            elif verb == "MAIL":
                sender = line.split("<", 1)[1].rstrip(">")
                self.say("250 ok")
            elif verb == "RCPT":
                recipients.append(line.split("<", 1)[1].rstrip(">"))
                self.say("250 ok")
            elif verb == "DATA":
                self.say("354 go on")
                lines = []
                while True:
                    data = self.rfile.readline().decode().rstrip("\r\n")
                    if data == ".":
                        break
                    lines.append(data[1:] if data.startswith(".") else data)
                with self.server.lock:
                    self.server.messages.append({"from": sender, "to": recipients, "data": "\r\n".join(lines)})
                self.say("250 queued")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("250 ok")


def subject_of(data: str) -> str:
    head = data.split("\r\n\r\n", 1)[0].replace("\r\n ", " ")
    value = next(line[len("Subject:"):].strip() for line in head.split("\r\n") if line.startswith("Subject:"))
    words = re.findall(r"=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=", value)
    return "".join(base64.b64decode(word).decode() for word in words) if words else value


@pytest.fixture
def relay():
    server = FakeRelay()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_scheduler_delivers_the_outbox_to_the_relay(server_factory, driver, relay, monkeypatch):
    monkeypatch.setenv("COOPCARE_SMTP_URL", f"smtp://127.0.0.1:{relay.server_address[1]}")
    monkeypatch.setenv("COOPCARE_MAIL_FROM", "coop@demo.coopcare.example")
    monkeypatch.setenv("COOPCARE_SCHEDULER_SECONDS", "1")
    demo = server_factory("--demo")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with relay.lock:
            if any(SPANISH_CLIENT in m["to"] for m in relay.messages):
                break
        time.sleep(0.2)
    with relay.lock:
        messages = list(relay.messages)
    reminder = next(m for m in messages if SPANISH_CLIENT in m["to"])
    assert reminder["from"] == "coop@demo.coopcare.example"
    assert subject_of(reminder["data"]).startswith("Recordatorio: sesión el")
    assert "Content-Type: text/plain; charset=utf-8" in reminder["data"]
    sign_in(driver, demo, COORDINATOR, totp_secret=totp_secret(demo, COORDINATOR))
    text = open_outbox(driver, demo, "Sent")
    check_axe(driver)
    assert "Development outbox" not in text
    assert f"delivered through smtp://127.0.0.1:{relay.server_address[1]}" in text
    assert "Sent" in text
