"""Browser test of the waitlist on the demo co-op: a client joins a therapist's
waitlist, another client cancels their booking with that therapist, and the
waiting client sees the freed time offered on /appointments and accepts it by
keyboard. Every page is checked with axe-core.
"""

from __future__ import annotations

import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import (
    alert_text,
    body_text,
    check_axe,
    new_page,
    submit_and_wait,
    wait_for_heading,
    wait_for_path,
)
from test_care import sign_in


CANCELLING = "harper.testclient@demo.coopcare.example"  # has a demo booking with Avery Sample
WAITING = "jules.specimen@demo.coopcare.example"
THERAPIST = "Avery Sample"


def tab_to(driver, element, limit: int = 400) -> None:
    """Press Tab until `element` has the focus."""
    keys = ActionChains(driver)
    for _ in range(limit):
        if driver.switch_to.active_element == element:
            return
        keys.send_keys(Keys.TAB).perform()
    raise AssertionError("Tab never reached " + (element.get_attribute("outerHTML") or "")[:200])


def test_a_waitlisted_client_is_offered_the_freed_time(demo, driver):
    # The waiting client finds the therapist and joins their waitlist, by keyboard.
    sign_in(driver, demo, WAITING)
    driver.get(demo.url("/therapists?state=CA"))
    driver.find_element(By.LINK_TEXT, THERAPIST).click()
    wait_for_heading(driver, THERAPIST)
    check_axe(driver)
    state = driver.find_element(By.ID, "wl-state")
    tab_to(driver, state)
    ActionChains(driver).send_keys("CA").perform()
    if Select(state).first_selected_option.get_attribute("value") != "CA":
        Select(state).select_by_value("CA")  # type-ahead differs between browser versions
    button = driver.find_element(By.CSS_SELECTOR, "form.waitlist-form button[type='submit']")
    tab_to(driver, button)
    with new_page(driver):
        ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait_for_path(driver, "/waitlist")
    check_axe(driver)
    text = body_text(driver)
    assert "You are on the waitlist." in text
    assert THERAPIST in text and "1 of 1" in text

    # The other client cancels their session with that therapist.
    driver.delete_all_cookies()
    sign_in(driver, demo, CANCELLING)
    driver.get(demo.url("/appointments"))
    check_axe(driver)
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "table.bookings tbody tr") if THERAPIST in r.text][0]
    when = row.find_elements(By.TAG_NAME, "td")[0].text
    submit_and_wait(driver, row.find_element(By.CSS_SELECTOR, "form[action$='/cancel'] button"))
    check_axe(driver)
    assert "Your session has been cancelled." in body_text(driver)

    # The waiting client sees the offer of that time and accepts it by keyboard.
    driver.delete_all_cookies()
    sign_in(driver, demo, WAITING)
    driver.get(demo.url("/appointments"))
    check_axe(driver)
    assert "Times offered to you" in body_text(driver)
    offers = driver.find_element(By.CSS_SELECTOR, "section.offers").text
    assert when in offers and THERAPIST in offers
    accept = driver.find_element(By.CSS_SELECTOR, "section.offers form[action$='/accept'] button")
    tab_to(driver, accept)
    with new_page(driver):
        ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait_for_path(driver, "/appointments")
    check_axe(driver)
    text = body_text(driver)
    assert "Your session is booked." in text
    assert "Times offered to you" not in text
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "table.bookings tbody tr") if THERAPIST in r.text][0]
    assert row.find_elements(By.TAG_NAME, "td")[0].text == when

    # The entry has left the therapist's list; the demo entry on another list stays.
    driver.get(demo.url("/waitlist"))
    check_axe(driver)
    text = body_text(driver)
    assert "Casey Fictional" in text and "1 of 1" in text
    assert THERAPIST not in text


def test_coordinator_sees_every_waitlist_and_bad_wishes_are_explained(demo, driver):
    coordinator = "avery.sample@demo.coopcare.example"
    secret = next(
        re.search(r"TOTP secret: (\S+)", line).group(1)
        for line in demo.stdout_lines if coordinator in line and "TOTP secret" in line
    )
    sign_in(driver, demo, coordinator, totp_secret=secret)
    driver.get(demo.url("/waitlist"))
    check_axe(driver)
    staff = driver.find_element(By.CSS_SELECTOR, "table.waitlist-all").text
    assert "Indigo Ficticio" in staff and "Jules Specimen" in staff
    assert "Casey Fictional" in staff

    driver.delete_all_cookies()
    sign_in(driver, demo, WAITING)
    driver.get(demo.url("/waitlist"))
    check_axe(driver)
    Select(driver.find_element(By.ID, "wl-state")).select_by_value("CA")
    # Time inputs take typing differently in each browser; set their values directly.
    for field, value in (("wl-from-3", "12:00"), ("wl-to-3", "09:00")):
        driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), value)
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.waitlist-form button[type='submit']"))
    check_axe(driver)
    assert "the end must be after the start" in alert_text(driver)
