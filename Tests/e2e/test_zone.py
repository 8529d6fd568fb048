"""Browser test of a member's own time zone: chosen on the account page, then the default of pages with times."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    sign_in_demo as sign_in,
    body_text,
    check_axe,
    submit_and_wait,
    wait_for_heading,
)

CLIENT = "harper.testclient@demo.coopcare.example"


def test_member_chooses_a_time_zone(demo, driver):
    sign_in(driver, demo, CLIENT)
    driver.get(demo.url("/appointments"))
    assert "Times are shown in America/Los_Angeles." in body_text(driver)
    driver.get(demo.url("/account"))
    wait_for_heading(driver, "My account")
    check_axe(driver)
    Select(driver.find_element(By.ID, "zone-choice")).select_by_value("America/New_York")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/account/time-zone'] button"))
    check_axe(driver)
    assert "Your time zone is saved." in body_text(driver)
    driver.get(demo.url("/appointments"))
    check_axe(driver)
    assert "Times are shown in America/New_York." in body_text(driver)
