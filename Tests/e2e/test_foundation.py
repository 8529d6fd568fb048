"""Browser tests of CoopCare's foundation: invitations, passwords, the second
sign-in step, sign-in and sign-out, languages, members and the audit log.

Every page the browser lands on is checked with axe-core (`check_axe`).
"""

from __future__ import annotations

import re
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from conftest import (
    Authenticator,
    alert_text,
    body_text,
    check_axe,
    enrol_second_factor,
    fill,
    form_button,
    new_page,
    page_status,
    submit_and_wait,
    wait,
    wait_for_heading,
    wait_for_path,
)

PASSWORD = "correct horse battery staple"

INVALID_CREDENTIALS = "That email and password do not match an account."
CODE_INVALID = "That code is not right."
CODE_REPLAYED = "That code was already used."
NAME_TOO_LONG = "A name can be at most 100 characters."
SERVER_ERROR = "Something went wrong on our side"


# ---------------------------------------------------------------------------
# Steps shared by the tests
# ---------------------------------------------------------------------------


def accept_invitation(driver, link: str, password: str = PASSWORD) -> None:
    """Open a member invitation, check what it says, and choose a password."""
    driver.get(link)
    wait_for_heading(driver, "Join the co-op")
    check_axe(driver)
    fill(driver, "password", password)
    fill(driver, "confirmation", password)
    token_path = "/" + link.split("/", 3)[3]
    submit_and_wait(driver, form_button(driver, token_path))


def sign_out(driver) -> None:
    submit_and_wait(driver, form_button(driver, "/sign-out"))
    wait(driver).until(EC.invisibility_of_element_located(
        (By.CSS_SELECTOR, "form[action='/sign-out']")))
    check_axe(driver)


def sign_in_with_password(driver, server, email: str, password: str = PASSWORD) -> None:
    driver.get(server.url("/sign-in"))
    wait_for_heading(driver, "Sign in")
    check_axe(driver)
    fill(driver, "email", email)
    fill(driver, "password", password)
    submit_and_wait(driver, form_button(driver, "/sign-in"))


def enter_second_factor(driver, code: str) -> None:
    wait_for_path(driver, "/sign-in/second-factor")
    check_axe(driver)
    fill(driver, "code", code)
    submit_and_wait(driver, form_button(driver, "/sign-in/second-factor"))


def assert_home_greets(driver, name: str, greeting: str = "Welcome, {name}.") -> None:
    wait_for_path(driver, "/")
    lead = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "main p.lead")))
    assert lead.text == greeting.format(name=name), body_text(driver)
    check_axe(driver)


def assert_recovery_codes(codes: list[str]) -> None:
    assert len(codes) >= 5, f"expected a set of recovery codes, got {codes!r}"
    assert all(code for code in codes), codes
    assert len(set(codes)) == len(codes), f"recovery codes repeat: {codes!r}"


def leave_recovery_codes(driver) -> None:
    """Press "I have saved them" on the recovery codes page."""
    link = wait(driver).until(EC.element_to_be_clickable(
        (By.XPATH, "//main//a[normalize-space()='I have saved them']")))
    with new_page(driver):
        link.click()


def invite_and_join(driver, server, role: str, email: str, name: str):
    """`coopcare member create` → accept → password → (MFA if the role needs it).
    Returns the authenticator (or None) and the recovery codes."""
    link = server.create_member(role, email, name)
    accept_invitation(driver, link)
    if role in ("clinician", "coordinator", "treasurer"):
        authenticator, codes = enrol_second_factor(driver)
        assert_recovery_codes(codes)
        leave_recovery_codes(driver)
        assert_home_greets(driver, name)
        return authenticator, codes
    assert_home_greets(driver, name)
    return None, []


def create_first_coordinator(driver, server, name: str, email: str):
    assert server.setup_link, "an empty database should print a setup link:\n" + "\n".join(server.stdout_lines)
    driver.get(server.setup_link)
    wait_for_heading(driver, "Create the first account")
    check_axe(driver)
    fill(driver, "name", name)
    fill(driver, "email", email)
    fill(driver, "password", PASSWORD)
    fill(driver, "confirmation", PASSWORD)
    token_path = "/" + server.setup_link.split("/", 3)[3]
    submit_and_wait(driver, form_button(driver, token_path))
    authenticator, codes = enrol_second_factor(driver)
    assert_recovery_codes(codes)
    leave_recovery_codes(driver)
    assert_home_greets(driver, name)
    return authenticator


# ---------------------------------------------------------------------------
# The flow the issue names
# ---------------------------------------------------------------------------


def test_invitation_password_mfa_sign_in_spanish_sign_out(server, driver):
    name, email = "Robin Testperson", "robin@example.org"
    link = server.create_member("clinician", email, name)

    # The invitation says who it is for.
    driver.get(link)
    wait_for_heading(driver, "Join the co-op")
    check_axe(driver)
    facts = driver.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert name in facts and email in facts, facts

    # Choose a password.
    fill(driver, "password", PASSWORD)
    fill(driver, "confirmation", PASSWORD)
    submit_and_wait(driver, form_button(driver, "/" + link.split("/", 3)[3]))

    # A clinician must set up the second step before anything else.
    wait_for_path(driver, "/account/second-factor")
    assert "Your role needs a second sign-in step" in body_text(driver)
    authenticator, codes = enrol_second_factor(driver)
    assert_recovery_codes(codes)
    leave_recovery_codes(driver)
    assert_home_greets(driver, name)

    # The account page says the second step is on.
    driver.get(server.url("/account"))
    wait_for_heading(driver, "My account")
    check_axe(driver)
    assert f"{len(codes)} recovery codes left." in body_text(driver)

    sign_out(driver)

    # Sign in: password, then the authenticator code.
    sign_in_with_password(driver, server, email)
    enter_second_factor(driver, authenticator.code())
    assert_home_greets(driver, name)

    # Switch to Spanish.
    submit_and_wait(driver, form_button(driver, "/language"))
    wait(driver).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es")
    assert driver.find_elements(By.CSS_SELECTOR, "html[lang='es']")
    check_axe(driver)
    sign_out_button = form_button(driver, "/sign-out")
    assert sign_out_button.text == "Cerrar sesión"
    assert form_button(driver, "/language").text == "English"
    assert driver.find_element(By.CSS_SELECTOR, "main p.lead").text == f"Hola, {name}."

    # Sign out, still in Spanish, and the account page is no longer reachable.
    sign_out(driver)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    driver.get(server.url("/account"))
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
    check_axe(driver)
    assert not driver.find_elements(By.CSS_SELECTOR, "form[action='/sign-out']")
    assert "Recovery" not in body_text(driver)


# ---------------------------------------------------------------------------
# First run: the setup link, inviting from the web, the audit log
# ---------------------------------------------------------------------------


def test_first_run_setup_members_and_audit(server, driver):
    create_first_coordinator(driver, server, "Casey Coordinator", "casey@example.org")

    # Invite someone from the members page.
    driver.get(server.url("/members"))
    wait_for_heading(driver, "Members")
    check_axe(driver)
    assert "casey@example.org" in driver.find_element(By.CSS_SELECTOR, "main table").text
    fill(driver, "invite-name", "Dana Newmember")
    fill(driver, "invite-email", "dana@example.org")
    checkbox = driver.find_element(By.ID, "role-peer-facilitator")
    if not checkbox.is_selected():
        checkbox.click()
    submit_and_wait(driver, form_button(driver, "/members/invitations"))
    link_el = wait(driver).until(EC.visibility_of_element_located((By.ID, "invitation-link")))
    check_axe(driver)
    assert re.fullmatch(re.escape(server.base_url) + r"/invitations/[A-Za-z0-9_-]{16,}", link_el.text), link_el.text
    assert "Dana Newmember" in body_text(driver)

    # Check the audit chain.
    driver.get(server.url("/audit"))
    wait_for_heading(driver, "Audit log")
    check_axe(driver)
    submit_and_wait(driver, form_button(driver, "/audit/verify"))
    status = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "main .alert[role='status']")))
    check_axe(driver)
    assert "intact" in status.text, status.text
    assert "broken" not in status.text

    # The setup link works once only.
    sign_out(driver)
    driver.get(server.setup_link)
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "main h1")))
    check_axe(driver)
    text = body_text(driver)
    assert "already" in text and "Sign in instead" in text, text
    assert not driver.find_elements(By.ID, "password")


# ---------------------------------------------------------------------------
# Keyboard only
# ---------------------------------------------------------------------------


def test_keyboard_skip_link_and_sign_in(server, driver):
    name, email = "Kim Keyboard", "kim@example.org"
    invite_and_join(driver, server, "community-member", email, name)
    sign_out(driver)

    driver.get(server.url("/sign-in"))
    wait_for_heading(driver, "Sign in")
    check_axe(driver)
    keys = ActionChains(driver)

    # The first Tab reaches the skip link, which shows itself when focused.
    keys.send_keys(Keys.TAB).perform()
    active = driver.switch_to.active_element
    assert active.get_attribute("class") == "skip-link", active.get_attribute("outerHTML")
    assert active.text == "Skip to main content"
    rect = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];", active)
    assert rect[0] >= 0 and rect[1] >= 0 and rect[2] > 0 and rect[3] > 0, f"skip link off screen: {rect}"

    # Enter follows it: focus moves to <main>.
    keys.send_keys(Keys.ENTER).perform()
    wait(driver).until(lambda d: d.switch_to.active_element.get_attribute("id") == "main")
    assert driver.current_url.endswith("#main")

    # From there the form is the next stop: email, password, Enter.
    keys.send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.get_attribute("id") == "email"
    keys.send_keys(email).send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.get_attribute("id") == "password"
    with new_page(driver):
        keys.send_keys(PASSWORD).send_keys(Keys.ENTER).perform()
    assert_home_greets(driver, name)

    # And sign out by keyboard too: Tab to the sign-out button, press Enter.
    button = form_button(driver, "/sign-out")
    for _ in range(20):
        if driver.switch_to.active_element == button:
            break
        keys.send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element == button, "Tab never reached the sign-out button"
    with new_page(driver):
        keys.send_keys(Keys.ENTER).perform()
    wait(driver).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, "form[action='/sign-out']")))
    check_axe(driver)


# ---------------------------------------------------------------------------
# Without JavaScript
# ---------------------------------------------------------------------------


def test_everything_works_without_javascript(server, driver_factory):
    driver = driver_factory(javascript=False)
    # JavaScript really is off in this browser.
    driver.get("data:text/html,<title>off</title><script>document.title='on'</script>")
    assert driver.title == "off"

    name, email = "Noor Noscript", "noor@example.org"
    authenticator, _codes = invite_and_join(driver, server, "clinician", email, name)
    sign_out(driver)
    sign_in_with_password(driver, server, email)
    enter_second_factor(driver, authenticator.code())
    assert_home_greets(driver, name)
    submit_and_wait(driver, form_button(driver, "/language"))
    wait(driver).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es")
    check_axe(driver)
    sign_out(driver)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


def test_wrong_password_is_refused_clearly(server, driver):
    name, email = "Wren Wrongpass", "wren@example.org"
    invite_and_join(driver, server, "community-member", email, name)
    sign_out(driver)

    sign_in_with_password(driver, server, email, "not the password at all")
    wait_for_path(driver, "/sign-in")
    wait_for_heading(driver, "Sign in")
    check_axe(driver)
    alert = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "main [role='alert']")))
    assert alert.text == INVALID_CREDENTIALS
    assert alert.is_displayed()
    assert 400 <= page_status(driver) < 500, page_status(driver)
    # The form is there to try again, with the email kept.
    assert driver.find_element(By.ID, "email").get_attribute("value") == email
    assert driver.find_element(By.ID, "password").get_attribute("value") == ""

    # An unknown email gets the very same answer.
    sign_in_with_password(driver, server, "nobody@example.org", PASSWORD)
    check_axe(driver)
    assert alert_text(driver) == INVALID_CREDENTIALS


def test_wrong_and_replayed_codes_are_refused(server, driver):
    name, email = "Theo Totp", "theo@example.org"
    link = server.create_member("clinician", email, name)
    accept_invitation(driver, link)

    # A wrong code while setting up.
    wait_for_path(driver, "/account/second-factor")
    check_axe(driver)
    submit_and_wait(driver, form_button(driver, "/account/second-factor/start"))
    secret = wait(driver).until(EC.presence_of_element_located((By.ID, "totp-secret"))).get_attribute("data-secret")
    check_axe(driver)

    authenticator = Authenticator(secret)
    wrong = wrong_code(authenticator)
    fill(driver, "code", wrong)
    submit_and_wait(driver, form_button(driver, "/account/second-factor/confirm"))
    check_axe(driver)
    assert CODE_INVALID in alert_text(driver)
    assert not driver.find_elements(By.ID, "recovery-codes")

    # The right code turns it on.
    enrolment_code = authenticator.code()
    fill(driver, "code", enrolment_code)
    submit_and_wait(driver, form_button(driver, "/account/second-factor/confirm"))
    wait(driver).until(EC.presence_of_element_located((By.ID, "recovery-codes")))
    check_axe(driver)
    leave_recovery_codes(driver)
    assert_home_greets(driver, name)
    sign_out(driver)

    # A wrong code at sign-in.
    sign_in_with_password(driver, server, email)
    enter_second_factor(driver, wrong_code(authenticator))
    wait_for_path(driver, "/sign-in/second-factor")
    check_axe(driver)
    assert CODE_INVALID in alert_text(driver)
    assert 400 <= page_status(driver) < 500, page_status(driver)

    # The code already used for setting up is refused as a replay.
    enter_second_factor(driver, enrolment_code)
    wait_for_path(driver, "/sign-in/second-factor")
    check_axe(driver)
    assert CODE_REPLAYED in alert_text(driver)

    # A fresh code works.
    enter_second_factor(driver, authenticator.code())
    assert_home_greets(driver, name)


def wrong_code(authenticator) -> str:
    """Six digits that are not valid in any nearby time step."""

    step = int(time.time() // authenticator.totp.interval)
    valid = {authenticator.totp.at((step + d) * authenticator.totp.interval) for d in range(-2, 3)}
    for candidate in ("000000", "123456", "999999", "314159"):
        if candidate not in valid:
            return candidate
    raise AssertionError("unreachable")


def test_very_long_name_on_setup_form_gets_a_clear_message(server, driver):
    assert server.setup_link
    driver.get(server.setup_link)
    wait_for_heading(driver, "Create the first account")
    check_axe(driver)

    long_name = "N" * 10_000
    name_field = driver.find_element(By.ID, "name")
    # A browser keeps to maxlength when typing...
    assert name_field.get_attribute("maxlength") == "100"
    # ...so send what another client could send: drop the limit and fill it in.
    driver.execute_script("arguments[0].removeAttribute('maxlength'); arguments[0].value = arguments[1];",
                          name_field, long_name)
    assert len(name_field.get_attribute("value")) == 10_000
    fill(driver, "email", "long@example.org")
    fill(driver, "password", PASSWORD)
    fill(driver, "confirmation", PASSWORD)
    submit_and_wait(driver, form_button(driver, "/" + server.setup_link.split("/", 3)[3]))

    check_axe(driver)
    status = page_status(driver)
    text = body_text(driver)
    assert status != 500 and SERVER_ERROR not in text, f"server error ({status}):\n{text[:1000]}"
    assert 400 <= status < 500, status
    assert NAME_TOO_LONG in alert_text(driver)
    # The form is shown again, and no account was made: the setup link still works.
    assert driver.find_elements(By.ID, "password")
    driver.get(server.setup_link)
    wait_for_heading(driver, "Create the first account")
    check_axe(driver)
