"""Browser test of the governed reminder and waitlist settings on the demo co-op:
a peer facilitator opens a policy change of the waitlist offer duration through
the proposal form (after a refused session reminder value), and the settings page
lists the new settings. Every page is checked with axe-core.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    alert_text,
    body_text,
    check_axe,
    fill,
    form_button,
    page_status,
    sign_in_demo,
    submit_and_wait,
    wait_for_heading,
)

FACILITATOR = "finley.mockingbird@demo.coopcare.example"


def test_a_policy_change_of_the_waitlist_offer_duration(demo, driver):
    sign_in_demo(driver, demo, FACILITATOR)
    driver.get(demo.url("/settings"))
    wait_for_heading(driver, "Governed settings")
    check_axe(driver)
    text = body_text(driver)
    assert "Session reminder lead times 24 hours before the start" in text, text
    assert "Waitlist offer duration 2 hours" in text, text

    driver.get(demo.url("/proposals"))
    wait_for_heading(driver, "Proposals")
    check_axe(driver)
    fill(driver, "proposal-title", "Offers hold for six hours")
    Select(driver.find_element(By.ID, "proposal-type")).select_by_value("policy-change")
    # The same lead time twice is refused with a message naming the field, and nothing is opened.
    driver.find_element(By.ID, "proposal-session-reminder").click()
    fill(driver, "proposal-session-reminder-hours", "48, 48")
    submit_and_wait(driver, form_button(driver, "/proposals"))
    assert page_status(driver) == 400
    assert "The session reminder lead times must differ: 48 hours is given twice." in alert_text(driver)
    check_axe(driver)

    driver.find_element(By.ID, "proposal-waitlist-offer").click()
    fill(driver, "proposal-waitlist-offer-hours", "6")
    submit_and_wait(driver, form_button(driver, "/proposals"))
    wait_for_heading(driver, "Proposal")
    assert "If it passes: Waitlist offer duration becomes 6 hours." in body_text(driver)
    check_axe(driver)
