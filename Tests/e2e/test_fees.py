"""Browser tests of the demo co-op's governed late-cancellation and no-show fees: the settings page shows the fees the
members voted; a clinician records a past session as missed (the no-show fee applies) and waives the fee, by keyboard;
the client sees the fee marked waived. Every page is checked with axe-core."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import (
    sign_in_demo as sign_in,
    body_text,
    check_axe,
    new_page,
    wait_for_heading,
)

CLIENT = "harper.testclient@demo.coopcare.example"
CLINICIAN = "avery.sample@demo.coopcare.example"


def press(driver, button) -> None:
    """Reach a button by keyboard focus and press Enter; wait for the page that answers."""
    driver.execute_script("arguments[0].focus();", button)
    assert driver.switch_to.active_element == button
    with new_page(driver):
        button.send_keys(Keys.ENTER)


def harper_row(driver):
    rows = driver.find_elements(By.CSS_SELECTOR, "table.sessions tbody tr")
    return next(r for r in rows if "Harper" in r.text and ("Booked" in r.text or "Missed" in r.text))


def test_settings_show_the_voted_fees(demo, driver):
    sign_in(driver, demo, CLIENT)
    driver.get(demo.url("/settings"))
    check_axe(driver)
    text = body_text(driver)
    assert "Late-cancellation and no-show fees" in text
    assert "$25.00 for a late cancellation; $40.00 for a missed session" in text


def test_clinician_records_a_missed_session_and_waives_its_fee(demo, driver):
    secret = next(
        re.search(r"TOTP secret: (\S+)", line).group(1)
        for line in demo.stdout_lines if CLINICIAN in line and "TOTP secret" in line
    )
    sign_in(driver, demo, CLINICIAN, totp_secret=secret)
    driver.get(demo.url("/appointments"))
    wait_for_heading(driver, "My appointments")
    check_axe(driver)
    press(driver, harper_row(driver).find_element(By.CSS_SELECTOR, "form[action$='/no-show'] button"))
    check_axe(driver)
    assert "recorded as missed" in body_text(driver)
    row = harper_row(driver)
    assert "Missed: fee $40.00" in row.text
    press(driver, row.find_element(By.CSS_SELECTOR, "form[action$='/waive-fee'] button"))
    check_axe(driver)
    assert "The fee is waived: the client owes nothing for this session." in body_text(driver)
    row = harper_row(driver)
    assert "fee $40.00 waived" in row.text
    assert not row.find_elements(By.CSS_SELECTOR, "form[action$='/waive-fee']")

    driver.delete_all_cookies()
    sign_in(driver, demo, CLIENT)
    driver.get(demo.url("/appointments"))
    check_axe(driver)
    assert "Missed: fee $40.00 waived" in body_text(driver)
