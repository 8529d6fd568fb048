"""Browser tests of care access on the demo co-op: a client finds a therapist
licensed for their state, books a time, moves it and cancels it; a clinician
subscribes to their private calendar feed. Every page is checked with axe-core,
and the calendar files are parsed with the `icalendar` package.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

import icalendar
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    sign_in_demo as sign_in,
    alert_text,
    body_text,
    check_axe,
    fill,
    form_button,
    submit_and_wait,
    wait_for_heading,
    wait_for_path,
)

CLIENT = "harper.testclient@demo.coopcare.example"
CLINICIAN = "avery.sample@demo.coopcare.example"


def fetch(driver, url: str) -> tuple[int, str, str]:
    """GET `url` with the browser's cookies; returns status, content type and body."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


def events(text: str) -> list:
    calendar = icalendar.Calendar.from_ical(text)
    return [component for component in calendar.walk("VEVENT")]


def test_client_finds_books_reschedules_and_cancels(demo, driver):
    sign_in(driver, demo, CLIENT)
    driver.get(demo.url("/therapists"))
    wait_for_heading(driver, "Find a therapist")
    check_axe(driver)
    Select(driver.find_element(By.ID, "search-state")).select_by_value("CA")
    fill(driver, "search-language", "es")
    Select(driver.find_element(By.ID, "search-zone")).select_by_value("America/New_York")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.search-form button[type='submit']"))
    check_axe(driver)
    text = body_text(driver)
    # Only therapists who may see a client in California; the associate carries the disclosure.
    assert "Blake Example" not in text  # licensed in New York only
    assert "Dana Placeholder" in text and "Unlicensed: registered as AMFT" in text
    assert "Speaks your language (es)." in text
    assert re.search(r"LMFT-120001", text)

    driver.find_element(By.LINK_TEXT, "Emery Ejemplo").click()
    wait_for_heading(driver, "Emery Ejemplo")
    check_axe(driver)
    assert "Times are shown in America/New_York." in body_text(driver)
    # A time outside the cancellation window, so the client may still move it: the demo co-op's members voted the
    # window to 48 hours, and moves inside it are for the therapist only.
    offered = driver.find_elements(By.CSS_SELECTOR, "input[name='start']")
    first = next(o for o in offered if int(o.get_attribute("value")) > time.time() + 72 * 3600)
    chosen = int(first.get_attribute("value"))
    driver.find_element(By.CSS_SELECTOR, f"label[for='{first.get_attribute('id')}']").click()
    Select(driver.find_element(By.ID, "book-state")).select_by_value("CA")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.book-form button[type='submit']"))
    wait_for_path(driver, "/appointments")
    check_axe(driver)
    assert "Your session is booked." in body_text(driver)
    assert "(America/New_York)" in body_text(driver)

    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "table.bookings tbody tr") if "Emery Ejemplo" in r.text][0]
    ics_url = row.find_element(By.PARTIAL_LINK_TEXT, ".ics").get_attribute("href")
    status, kind, body = fetch(driver, ics_url)
    assert status == 200 and kind.startswith("text/calendar")
    [event] = events(body)
    assert event.decoded("dtstart") == datetime.fromtimestamp(chosen, tz=timezone.utc)
    assert int(event.get("sequence")) == 0

    move = row.find_element(By.CSS_SELECTOR, "select[name='start']")
    options = [o.get_attribute("value") for o in move.find_elements(By.TAG_NAME, "option")]
    new_start = int(next(v for v in options if int(v) != chosen))
    Select(move).select_by_value(str(new_start))
    submit_and_wait(driver, row.find_element(By.CSS_SELECTOR, "form[action$='/reschedule'] button"))
    check_axe(driver)
    assert "Your session has been moved." in body_text(driver)
    [moved] = events(fetch(driver, ics_url)[2])
    assert moved.decoded("dtstart") == datetime.fromtimestamp(new_start, tz=timezone.utc)
    assert int(moved.get("sequence")) == 1

    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "table.bookings tbody tr") if "Emery Ejemplo" in r.text][0]
    submit_and_wait(driver, row.find_element(By.CSS_SELECTOR, "form[action$='/cancel'] button"))
    check_axe(driver)
    assert "Your session has been cancelled." in body_text(driver)
    cancelled = icalendar.Calendar.from_ical(fetch(driver, ics_url)[2])
    assert str(cancelled.get("method")) == "CANCEL"
    assert str(events(fetch(driver, ics_url)[2])[0].get("status")) == "CANCELLED"


def test_bad_booking_input_is_explained(demo, driver):
    sign_in(driver, demo, CLIENT)
    driver.get(demo.url("/therapists?state=ZZ"))
    check_axe(driver)
    assert "is not a US state" in alert_text(driver)
    driver.get(demo.url("/therapists?state=NY"))
    driver.find_element(By.LINK_TEXT, "Blake Example").click()
    wait_for_heading(driver, "Blake Example")
    first = driver.find_elements(By.CSS_SELECTOR, "input[name='start']")[0]
    driver.find_element(By.CSS_SELECTOR, f"label[for='{first.get_attribute('id')}']").click()
    # A client in California can't book a therapist licensed only in New York.
    Select(driver.find_element(By.ID, "book-state")).select_by_value("CA")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.book-form button[type='submit']"))
    check_axe(driver)
    assert "not licensed to see you in CA" in alert_text(driver)


def test_clinician_subscribes_to_a_private_feed(demo, driver):
    secret = next(
        re.search(r"TOTP secret: (\S+)", line).group(1)
        for line in demo.stdout_lines if CLINICIAN in line and "TOTP secret" in line
    )
    sign_in(driver, demo, CLINICIAN, totp_secret=secret)
    driver.get(demo.url("/appointments"))
    check_axe(driver)
    driver.find_element(By.LINK_TEXT, "Set my weekly hours").click()
    wait_for_heading(driver, "My weekly hours")
    check_axe(driver)
    # Time inputs take typing differently in each browser; set their values directly.
    for field, value in (("start-6-1", "10:00"), ("end-6-1", "09:00")):
        driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, field), value)
    submit_and_wait(driver, form_button(driver, "/account/availability"))
    check_axe(driver)
    assert "The end time must be after the start time." in alert_text(driver)
    driver.execute_script("arguments[0].value = '2031-12-24'", driver.find_element(By.ID, "day-off"))
    submit_and_wait(driver, form_button(driver, "/account/availability/days-off"))
    check_axe(driver)
    assert "2031-12-24" in body_text(driver)
    driver.get(demo.url("/appointments"))
    driver.find_element(By.LINK_TEXT, "Subscribe to my calendar feed").click()
    wait_for_heading(driver, "Calendar feed")
    check_axe(driver)
    submit_and_wait(driver, form_button(driver, "/account/calendar-feed"))
    check_axe(driver)
    url = driver.find_element(By.ID, "feed-url").text.strip()
    status, kind, body = fetch(driver, url)
    assert status == 200 and kind.startswith("text/calendar")
    feed = events(body)
    assert feed, "the demo clinician has a booking"
    for event in feed:
        assert str(event.get("summary")) == "Session"
        assert "attendee" not in event and "description" not in event
    assert "Harper" not in body
    assert fetch(driver, url.rsplit("/", 1)[0] + "/forged-forged-forged-forged.ics")[0] == 404
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/revoke'] button"))
    check_axe(driver)
    assert fetch(driver, url)[0] == 404
