"""Browser test of recurring groups on the demo co-op: a peer facilitator creates a weekly
group of three meetings, changes the second meeting's time, and cancels the third by keyboard
only. axe-core checks every new or changed page (the create form, the group page with its
series, the change form, the cancel form and the pages after each step).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import (
    sign_in_demo as sign_in,
    alert_text,
    body_text,
    check_axe,
    fill,
    new_page,
    submit_and_wait,
    tab_to,
    wait_for_heading,
)

FACILITATOR = "finley.mockingbird@demo.coopcare.example"
TITLE = "Tuesday writing circle"


def series_links(driver) -> list[str]:
    """The addresses of the series' meetings, in order (the current one is not a link)."""
    items = driver.find_elements(By.CSS_SELECTOR, "ol[aria-labelledby='series-heading'] li")
    return [item.find_elements(By.TAG_NAME, "a")[0].get_attribute("href") if item.find_elements(By.TAG_NAME, "a") else ""
            for item in items]


def test_a_facilitator_creates_changes_and_cancels_a_weekly_group(demo, driver):
    sign_in(driver, demo, FACILITATOR)
    driver.get(demo.url("/groups"))
    wait_for_heading(driver, "Groups")
    check_axe(driver)
    # The demo's peer circle is already a weekly series.
    assert body_text(driver).count("Thursday evening peer circle") >= 4

    Select(driver.find_element(By.ID, "group-kind")).select_by_value("peer-support")
    fill(driver, "group-title", TITLE)
    first = (datetime.now(ZoneInfo("America/Los_Angeles")) + timedelta(days=10)).strftime("%Y-%m-%dT18:00")
    driver.execute_script("arguments[0].value = arguments[1];", driver.find_element(By.ID, "group-start"), first)
    Select(driver.find_element(By.ID, "group-zone")).select_by_value("America/Los_Angeles")
    driver.find_element(By.ID, "repeats-weekly").click()
    fill(driver, "group-count", "3")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/groups'] button[type='submit']"))
    wait_for_heading(driver, TITLE)
    check_axe(driver)
    assert "All meetings of this group" in body_text(driver)
    links = series_links(driver)
    assert len(links) == 3 and links[0] == "" and links[1] and links[2]
    assert body_text(driver).count("6:00") >= 3

    # Change the second meeting to 19:30, this meeting only.
    driver.get(links[1])
    wait_for_heading(driver, TITLE)
    with new_page(driver):
        driver.find_element(By.LINK_TEXT, "Change this session").click()
    wait_for_heading(driver, "Change a session")
    check_axe(driver)
    start = driver.find_element(By.ID, "change-start").get_attribute("value")
    assert start.endswith("T18:00")
    driver.execute_script("arguments[0].value = arguments[1];", driver.find_element(By.ID, "change-start"), start[:11] + "19:30")
    assert driver.find_element(By.ID, "scope-this").is_selected()
    # A bad length is explained and nothing changes.
    fill(driver, "change-minutes", "5")
    driver.execute_script("arguments[0].removeAttribute('min');", driver.find_element(By.ID, "change-minutes"))
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/change'] button[type='submit']"))
    assert "The length must be between 15 and 480 minutes." in alert_text(driver)
    check_axe(driver)
    fill(driver, "change-minutes", "90")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/change'] button[type='submit']"))
    assert "The changes are saved" in alert_text(driver)
    check_axe(driver)
    assert "7:30" in body_text(driver)
    third = series_links(driver)[2]

    # Cancel the third meeting with the keyboard only: skip link, Tab to the reason, type, Tab to the button, Enter.
    driver.get(third)
    wait_for_heading(driver, TITLE)
    with new_page(driver):
        driver.find_element(By.LINK_TEXT, "Cancel this session").click()
    wait_for_heading(driver, "Cancel a session")
    check_axe(driver)
    keys = tab_to(driver, "cancel-reason", "the reason")
    keys.send_keys("The room is booked that week.").perform()
    for _ in range(10):
        active = driver.switch_to.active_element
        if active.tag_name == "button" and active.get_attribute("type") == "submit":
            break
        keys.send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.text == "Cancel the session"
    with new_page(driver):
        keys.send_keys(Keys.ENTER).perform()
    assert "The session is cancelled" in alert_text(driver)
    check_axe(driver)
    text = body_text(driver)
    assert "Cancelled" in text and "The room is booked that week." in text
    assert "Cancel this session" not in text

    # "Mine" lists all three, the third marked cancelled; the joinable list never offers it.
    driver.get(demo.url("/groups"))
    wait_for_heading(driver, "Groups")
    check_axe(driver)
    mine = driver.find_element(By.CSS_SELECTOR, "ul[aria-labelledby='mine-heading']").text
    assert mine.count(TITLE) == 3
    assert "Cancelled" in mine
