"""Fixtures and helpers for CoopCare's browser tests.

Each test gets its own CoopCare server (a fresh SQLite database and master key
in a temporary folder, on a free loopback port) and a headless Chromium.
Nothing here talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]

COOPCARE_BIN = Path(os.environ.get("COOPCARE_BIN", REPO_ROOT / ".build" / "debug" / "coopcare"))
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
CHROME_BIN = os.environ.get("CHROME_BIN", "/usr/bin/chromium")

START_TIMEOUT = 60  # seconds to wait for "CoopCare is serving at"
WAIT = 15  # seconds for explicit waits in the browser

SERVING_RE = re.compile(r"CoopCare is serving at (http://\S+)")
LINK_RE = re.compile(r"^\s+(http://\S+/invitations/\S+)\s*$")

# axe-core impacts that fail a test.
FAILING_IMPACTS = {"serious", "critical"}


# ---------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class CoopServer:
    """One running `coopcare serve` process."""

    data_dir: Path
    base_url: str = ""
    port: int = 0
    setup_link: str | None = None
    stdout_lines: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None
    _lines: "queue.Queue[str | None]" = field(default_factory=queue.Queue)

    @property
    def database(self) -> str:
        return f"sqlite://{self.data_dir / 'db.sqlite'}"

    @property
    def key_file(self) -> str:
        return str(self.data_dir / "master.key")

    @property
    def log_file(self) -> Path:
        return self.data_dir / "server.log"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["COOPCARE_PASSWORD_COST"] = "test"
        # Options on the command line win, but make sure no outside setting
        # points the server anywhere else.
        for name in ("COOPCARE_DATABASE_URL", "COOPCARE_KEY_FILE", "COOPCARE_MASTER_KEY",
                     "COOPCARE_HOST", "COOPCARE_PORT", "COOPCARE_PUBLIC_URL"):
            env.pop(name, None)
        return env

    def start(self, *extra: str) -> "CoopServer":
        if not COOPCARE_BIN.exists():
            pytest.fail(f"CoopCare binary not found at {COOPCARE_BIN}; build it or set COOPCARE_BIN")
        last_error = ""
        for _attempt in range(3):  # a free port can be taken between probe and bind
            self.port = _free_port()
            url = f"http://127.0.0.1:{self.port}"
            cmd = [str(COOPCARE_BIN), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--database", self.database, "--key-file", self.key_file,
                   "--public-url", url, *extra]
            log = open(self.log_file, "ab")
            self.process = subprocess.Popen(
                cmd, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
                env=self.env(), cwd=self.data_dir, text=True, bufsize=1,
                start_new_session=True,
            )
            log.close()
            self._lines = queue.Queue()
            threading.Thread(target=self._pump, args=(self.process, self._lines), daemon=True).start()
            if self._wait_until_serving():
                return self
            last_error = self._describe_failure()
            self.stop()
        pytest.fail(f"CoopCare did not start:\n{last_error}")

    @staticmethod
    def _pump(process: subprocess.Popen, lines: "queue.Queue[str | None]") -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    def _wait_until_serving(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:  # stdout closed: the process ended
                return False
            self.stdout_lines.append(line)
            link = LINK_RE.match(line)
            if link:
                self.setup_link = link.group(1)
            serving = SERVING_RE.search(line)
            if serving:
                self.base_url = serving.group(1).rstrip("/")
                return True
        return False

    def _describe_failure(self) -> str:
        code = self.process.poll() if self.process else None
        log = self.log_file.read_text(errors="replace")[-4000:] if self.log_file.exists() else ""
        return (f"exit code: {code}\nstdout:\n" + "\n".join(self.stdout_lines[-20:]) +
                f"\nstderr (tail):\n{log}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def cli(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """Run another `coopcare` subcommand against this server's data."""
        cmd = [str(COOPCARE_BIN), *args, "--database", self.database, "--key-file", self.key_file]
        result = subprocess.run(cmd, capture_output=True, text=True, env=self.env(),
                                cwd=self.data_dir, timeout=timeout, stdin=subprocess.DEVNULL)
        assert result.returncode == 0, (
            f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def create_member(self, role: str, email: str, name: str) -> str:
        """`coopcare member create`: returns the invitation link (last line of stdout)."""
        result = self.cli("member", "create", "--role", role, "--email", email, "--name", name,
                          "--public-url", self.base_url)
        lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
        assert lines, f"member create printed nothing; stderr:\n{result.stderr}"
        link = lines[-1]
        assert re.match(rf"^{re.escape(self.base_url)}/invitations/\S+$", link), (
            f"unexpected invitation link {link!r} in:\n{result.stdout}")
        return link

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture
def server_factory(tmp_path_factory):
    """Start CoopCare servers on demand; all are stopped at the end of the test."""
    started: list[CoopServer] = []

    def start(*extra: str) -> CoopServer:
        server = CoopServer(data_dir=tmp_path_factory.mktemp("coopcare"))
        started.append(server)
        return server.start(*extra)

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(server_factory) -> CoopServer:
    """A fresh CoopCare with an empty database (so it has a setup link)."""
    return server_factory()


@pytest.fixture
def base_url(server) -> str:
    return server.base_url


# ---------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------


def make_driver(javascript: bool = True) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROME_BIN
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=1280,1024", "--lang=en-US"):
        options.add_argument(arg)
    prefs = {"intl.accept_languages": "en-US,en"}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.coopcare_javascript = javascript
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a test fails, save what each of its browsers showed last, and say where."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    drivers = getattr(item, "e2e_drivers", [])
    if not drivers:
        return
    folder = Path(tempfile.mkdtemp(prefix="coopcare-e2e-evidence-"))
    lines = []
    for index, d in enumerate(drivers):
        try:
            shot = folder / f"browser{index}.png"
            d.save_screenshot(str(shot))
            (folder / f"browser{index}.html").write_text(d.page_source)
            lines.append(f"browser {index} was at {d.current_url}: {shot} (and .html)")
        except WebDriverException as error:
            lines.append(f"browser {index}: no evidence ({error.msg})")
    report.sections.append(("browser evidence", "\n".join(lines)))


@pytest.fixture
def driver(request):
    d = make_driver()
    request.node.e2e_drivers = [*getattr(request.node, "e2e_drivers", []), d]
    yield d
    d.quit()


@pytest.fixture
def driver_factory(request):
    """Make browsers on demand, e.g. `driver_factory(javascript=False)`."""
    made: list[webdriver.Chrome] = []

    def make(javascript: bool = True) -> webdriver.Chrome:
        d = make_driver(javascript)
        made.append(d)
        request.node.e2e_drivers = [*getattr(request.node, "e2e_drivers", []), d]
        return d

    yield make
    for d in made:
        d.quit()


# ---------------------------------------------------------------------------
# Accessibility
# ---------------------------------------------------------------------------


def _axe_script() -> str:
    """The axe-core script to inject.

    axe-selenium-python runs axe-core, but the copy it bundles (axe-core 3.1.1,
    2018) predates parts of today's HTML: it calls autocomplete="one-time-code"
    invalid, for one. So the engine comes from axe-core-python's bundled
    axe-core 4.x when that is installed (see requirements.txt), or from the
    file named by AXE_CORE_JS; axe-selenium-python's own copy is the last resort.
    """
    override = os.environ.get("AXE_CORE_JS")
    if override:
        return override
    try:
        import axe_core_python
    except ImportError:
        return _BUNDLED_AXE
    candidate = Path(axe_core_python.__file__).with_name("axe.min.js")
    return str(candidate) if candidate.exists() else _BUNDLED_AXE


_BUNDLED_AXE = Axe(None).script_url
AXE_SCRIPT = _axe_script()


_TIMER_SHIM = """
window.setTimeout = function (callback, _delay) {
  var args = Array.prototype.slice.call(arguments, 2);
  Promise.resolve().then(function () { callback.apply(null, args); });
  return 0;
};
window.clearTimeout = function () {};
"""


def axe_violations(driver) -> list[dict]:
    """Serious and critical axe-core violations on the current page."""
    if not getattr(driver, "coopcare_javascript", True):
        # With JavaScript off, Chromium still runs WebDriver's scripts but
        # never fires their timers, and axe-core waits on setTimeout between
        # its steps. Run those callbacks as microtasks instead; the page has
        # no script of its own for this to touch.
        driver.execute_script(_TIMER_SHIM)
    axe = Axe(driver, script_url=AXE_SCRIPT)
    axe.inject()
    results = axe.run()
    return [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]


def format_violations(driver, violations: list[dict]) -> str:
    lines = [f"axe: {len(violations)} serious/critical violation(s) on {driver.current_url} "
             f"({driver.title!r}):"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v["nodes"]:
            target = ", ".join(str(t) for t in node["target"])
            lines.append(f"    target: {target}")
            lines.append(f"      html: {node.get('html', '')[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)


def check_axe(driver) -> None:
    """Fail if axe-core finds a serious or critical violation on the current page."""
    violations = axe_violations(driver)
    if violations:
        report = format_violations(driver, violations)
        print(report)
        pytest.fail(report, pytrace=False)


# ---------------------------------------------------------------------------
# Page helpers
# ---------------------------------------------------------------------------


def wait(driver, timeout: float = WAIT) -> WebDriverWait:
    return WebDriverWait(driver, timeout)


def page_status(driver) -> int:
    """The HTTP status of the current document (Navigation Timing)."""
    return driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0];"
        "return n ? n.responseStatus : 0;")


def wait_for_path(driver, path: str, timeout: float = WAIT) -> None:
    """Wait until the browser shows `path` (no query), fully loaded."""
    def at_path(d):
        url = d.current_url.split("#")[0]
        rest = url.split("://", 1)[-1]
        current = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return current.split("?")[0] == path and d.execute_script(
            "return document.readyState") == "complete"
    try:
        wait(driver, timeout).until(at_path)
    except Exception:
        raise AssertionError(f"expected to reach {path}, but at {driver.current_url} "
                             f"({driver.title!r}):\n{body_text(driver)[:1500]}") from None


def wait_for_heading(driver, text: str, timeout: float = WAIT):
    return wait(driver, timeout).until(
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), text))


def tab_to(driver, field_id: str, what: str) -> ActionChains:
    """From the top of the page by keyboard only: Tab to the skip link, Enter, then Tab until the field `field_id` has
    the focus (`what` names it in the failure message). Returns the key chain to type with."""
    keys = ActionChains(driver)
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    keys.send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.get_attribute("class") == "skip-link"
    keys.send_keys(Keys.ENTER).perform()
    for _ in range(40):
        if driver.switch_to.active_element.get_attribute("id") == field_id:
            break
        keys.send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.get_attribute("id") == field_id, f"Tab never reached {what}"
    return keys


def body_text(driver) -> str:
    try:
        return driver.find_element(By.TAG_NAME, "body").text
    except Exception:
        return ""


@contextmanager
def new_page(driver, timeout: float = WAIT):
    """Wrap an action that loads a new page; on exit, wait until it has loaded.

    The old document is marked through its window object, and the wait ends
    when a window without the mark has finished loading. (Waiting for the old
    <html> element to go stale races with Chromium swapping documents.)"""
    token = f"e2e-{time.monotonic_ns()}"
    driver.execute_script("window.__e2ePage = arguments[0];", token)
    yield

    def loaded(d):
        try:
            return d.execute_script(
                "return window.__e2ePage !== arguments[0] && document.readyState === 'complete';", token)
        except WebDriverException:  # mid-navigation
            return False

    wait(driver, timeout).until(loaded)


def submit_and_wait(driver, button, timeout: float = WAIT) -> None:
    """Click a submit button and wait until a new document has replaced this one."""
    with new_page(driver, timeout):
        button.click()


def fill(driver, field_id: str, value: str) -> None:
    element = wait(driver).until(EC.visibility_of_element_located((By.ID, field_id)))
    element.clear()
    element.send_keys(value)


def form_button(driver, action: str):
    """The submit button of the form posting to `action`."""
    return wait(driver).until(EC.element_to_be_clickable(
        (By.CSS_SELECTOR, f"form[action='{action}'] button[type='submit']")))


def alert_text(driver) -> str:
    element = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "main .alert")))
    return element.text


# ---------------------------------------------------------------------------
# TOTP
# ---------------------------------------------------------------------------


class Authenticator:
    """A person's authenticator app. The server refuses any step at or before
    the last accepted one (and accepts one step of drift), so every code comes
    from a fresh step: the current one if unused, else the next one, waiting
    only when even the next one has been used."""

    def __init__(self, secret: str):
        self.totp = pyotp.TOTP(secret)
        self.last_step: int | None = None

    def code(self) -> str:
        while True:
            now = time.time()
            current = int(now // self.totp.interval)
            if self.last_step is None or self.last_step < current:
                step = current
            elif self.last_step == current:
                step = current + 1  # one step ahead: within the server's drift window
            else:
                # The next step is taken too: wait for the time step to change.
                time.sleep(self.totp.interval - (now % self.totp.interval) + 0.2)
                continue
            self.last_step = step
            return self.totp.at(step * self.totp.interval)

    def code_for_now(self) -> str:
        """The current step's code, without recording it as used."""
        return self.totp.now()


def enrol_second_factor(driver, check=check_axe) -> tuple[Authenticator, list[str]]:
    """From /account/second-factor: start, read the secret, confirm with a code.
    Returns the authenticator and the recovery codes shown."""
    wait_for_path(driver, "/account/second-factor")
    check(driver)
    submit_and_wait(driver, form_button(driver, "/account/second-factor/start"))
    secret_el = wait(driver).until(EC.presence_of_element_located((By.ID, "totp-secret")))
    check(driver)
    secret = secret_el.get_attribute("data-secret")
    assert secret and re.fullmatch(r"[A-Z2-7]+=*", secret), f"unexpected secret {secret!r}"
    authenticator = Authenticator(secret)
    fill(driver, "code", authenticator.code())
    submit_and_wait(driver, form_button(driver, "/account/second-factor/confirm"))
    codes_list = wait(driver).until(EC.presence_of_element_located((By.ID, "recovery-codes")))
    check(driver)
    codes = [li.text.strip() for li in codes_list.find_elements(By.TAG_NAME, "li")]
    return authenticator, codes


# ---------------------------------------------------------------------------
# The demo co-op (`serve --demo`)
# ---------------------------------------------------------------------------

DEMO_PASSWORD = "river-stone-demo-coop-2026"


@pytest.fixture
def demo(server_factory):
    """A server with the demo co-op."""
    return server_factory("--demo")


def sign_in_demo(driver, server, email: str, totp_secret: str | None = None, then: str | None = None) -> None:
    """Sign in as a demo member (with their TOTP secret where the role needs one); wait for `then` if given."""
    driver.get(server.url("/sign-in"))
    wait_for_heading(driver, "Sign in")
    fill(driver, "email", email)
    fill(driver, "password", DEMO_PASSWORD)
    submit_and_wait(driver, form_button(driver, "/sign-in"))
    if totp_secret:
        wait_for_path(driver, "/sign-in/second-factor")
        fill(driver, "code", Authenticator(totp_secret).code())
        submit_and_wait(driver, form_button(driver, "/sign-in/second-factor"))
    if then:
        wait_for_path(driver, then)
