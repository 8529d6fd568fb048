"""Browser tests of groups and workshops on the demo co-op: a visitor registers for a
two-seat workshop until it fills and the next person is waitlisted; a bad email is
explained; a member joins a peer-support circle under a chosen name that the facilitator
sees on the roster; a clinician adds a language to their profile and the directory shows
it. Every page is checked with axe-core, and the registration is done by keyboard.
"""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import (
    sign_in_demo as sign_in,
    alert_text,
    body_text,
    check_axe,
    fill,
    form_button,
    new_page,
    submit_and_wait,
    tab_to,
    wait_for_heading,
)

FACILITATOR = "finley.mockingbird@demo.coopcare.example"
CLIENT = "harper.testclient@demo.coopcare.example"
CLINICIAN = "avery.sample@demo.coopcare.example"
SMALL_WORKSHOP = "Sleep and mood: a short introduction"
CIRCLE = "Thursday evening peer circle"


def open_workshop(driver, server) -> str:
    driver.get(server.url("/workshops"))
    wait_for_heading(driver, "Community workshops")
    check_axe(driver)
    with new_page(driver):
        driver.find_element(By.LINK_TEXT, SMALL_WORKSHOP).click()
    wait_for_heading(driver, SMALL_WORKSHOP)
    return driver.current_url.split("?")[0]


def register_by_keyboard(driver, name: str, email: str) -> None:
    """Skip link, Tab to the name field, type, Tab to the email field, type, Enter."""
    keys = tab_to(driver, "reg-name", "the name field")
    keys.send_keys(name).send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.get_attribute("id") == "reg-email"
    with new_page(driver):
        keys.send_keys(email).send_keys(Keys.ENTER).perform()


def test_a_workshop_fills_and_waitlists(demo, driver):
    page = open_workshop(driver, demo)
    check_axe(driver)
    assert "2 of 2 seats left." in body_text(driver)

    register_by_keyboard(driver, "Ana Visitor", "ana.visitor@example.org")
    assert "You are registered." in alert_text(driver)
    check_axe(driver)

    driver.get(page)
    wait_for_heading(driver, SMALL_WORKSHOP)
    fill(driver, "reg-name", "Bo Visitor")
    fill(driver, "reg-email", "bo.visitor@example.org")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/register'] button[type='submit']"))
    assert "You are registered." in alert_text(driver)
    assert "Full: new registrations join the waitlist" in body_text(driver)
    assert "Join the waitlist" in body_text(driver)

    fill(driver, "reg-name", "Cy Visitor")
    fill(driver, "reg-email", "cy.visitor@example.org")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/register'] button[type='submit']"))
    assert "you are number 1 on the waitlist" in alert_text(driver)
    check_axe(driver)

    # A bad email is explained and nothing is stored (the browser lets "x@localhost" through; the server does not).
    fill(driver, "reg-name", "Dee Visitor")
    fill(driver, "reg-email", "dee@localhost")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/register'] button[type='submit']"))
    assert "Please enter a valid email address" in alert_text(driver)
    assert driver.find_element(By.ID, "reg-name").get_attribute("value") == "Dee Visitor"
    check_axe(driver)
    # The same email twice is refused too.
    fill(driver, "reg-email", "ana.visitor@example.org")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/register'] button[type='submit']"))
    assert "already registered for this workshop" in alert_text(driver)

    driver.get(demo.url("/workshops"))
    wait_for_heading(driver, "Community workshops")
    text = body_text(driver)
    assert "Full: new registrations join the waitlist (1 waiting)." in text
    # The demo's nearly full workshop shows its last seat.
    assert "1 of 12 seats left." in text


def test_a_member_joins_a_peer_circle_under_a_chosen_name(demo, driver):
    sign_in(driver, demo, CLIENT)
    driver.get(demo.url("/groups"))
    wait_for_heading(driver, "Groups")
    check_axe(driver)
    with new_page(driver):
        driver.find_element(By.LINK_TEXT, CIRCLE).click()
    wait_for_heading(driver, CIRCLE)
    check_axe(driver)
    assert "This is not therapy" in body_text(driver)
    fill(driver, "chosen-name", "Wren")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/join'] button[type='submit']"))
    assert "You have joined." in alert_text(driver)
    assert "shown to others as Wren" in body_text(driver)
    check_axe(driver)

    driver.delete_all_cookies()
    sign_in(driver, demo, FACILITATOR)
    driver.get(demo.url("/groups"))
    wait_for_heading(driver, "Groups")
    with new_page(driver):
        driver.find_element(By.LINK_TEXT, CIRCLE).click()
    wait_for_heading(driver, CIRCLE)
    check_axe(driver)
    roster = driver.find_element(By.CSS_SELECTOR, "table").text
    assert "Wren" in roster and "River" in roster
    assert "Harper" not in roster and "Jules" not in roster
    assert "Attendance can be recorded once the session has started." in body_text(driver)
    # The creation form is there for the facilitator, and checks its input.
    driver.get(demo.url("/groups"))
    wait_for_heading(driver, "Groups")
    assert driver.find_element(By.ID, "group-kind").text.count("Group therapy") == 0


def test_a_clinician_adds_a_language_and_the_directory_shows_it(demo, driver):
    secret = next(
        re.search(r"TOTP secret: (\S+)", line).group(1)
        for line in demo.stdout_lines if CLINICIAN in line and "TOTP secret" in line
    )
    sign_in(driver, demo, CLINICIAN, totp_secret=secret)
    driver.get(demo.url("/therapists?state=CA&language=pt"))
    assert "Speaks your language (pt)." not in body_text(driver)
    driver.get(demo.url("/account/profile"))
    wait_for_heading(driver, "My therapist profile")
    check_axe(driver)
    fill(driver, "profile-languages", "en, pt")
    submit_and_wait(driver, form_button(driver, "/account/profile"))
    assert "Saved." in alert_text(driver)
    check_axe(driver)
    driver.get(demo.url("/therapists?state=CA&language=pt"))
    text = body_text(driver)
    assert "Avery Sample" in text
    assert "Speaks your language (pt)." in text
    check_axe(driver)
