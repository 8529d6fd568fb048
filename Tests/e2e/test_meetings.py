"""Browser test of meetings on the demo co-op: a coordinator schedules a
general assembly with a time poll, members answer it, the time is set, a proxy
helps the meeting reach its quorum, a vote is taken at the meeting and logged
publicly, and the minutes are signed off by a second member. Every page is
checked with axe-core, and the member's steps are done with the keyboard.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import (
    body_text,
    check_axe,
    fill,
    form_button,
    new_page,
    page_status,
    submit_and_wait,
    wait_for_heading,
)
from test_care import sign_in
from test_foundation import sign_out

COORDINATOR = "avery.sample@demo.coopcare.example"
HOLDER = ("finley.mockingbird@demo.coopcare.example", "Finley Mockingbird")
GIVER = ("harper.testclient@demo.coopcare.example", "Harper Testclient")
PRESENT = ["Avery Sample", "Finley Mockingbird", "Gray Demo", "Kai Neighbour-Demo", "Jules Specimen"]


def local(delta: timedelta) -> str:
    return (datetime.now(timezone.utc) + delta).strftime("%Y-%m-%dT%H:%M")


def meeting_page(driver, server, path: str) -> None:
    driver.get(server.url(path + "?zone=UTC"))
    wait_for_heading(driver, "Meeting")
    check_axe(driver)


def press(driver, element, *keys) -> None:
    """Tab until `element` has the focus, then send `keys` (never clicking)."""
    chain = ActionChains(driver)
    for _ in range(250):
        if driver.switch_to.active_element == element:
            break
        chain.send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element == element, "Tab never reached " + element.get_attribute("outerHTML")[:200]
    ActionChains(driver).send_keys(*keys).perform()


def test_meeting_from_time_poll_to_signed_minutes(demo, driver, driver_factory):
    secret = next(
        re.search(r"TOTP secret: (\S+)", line).group(1)
        for line in demo.stdout_lines if COORDINATOR in line and "TOTP secret" in line
    )
    sign_in(driver, demo, COORDINATOR, totp_secret=secret)

    # The demo's past assembly has signed minutes; the list shows both demo meetings.
    driver.get(demo.url("/meetings"))
    wait_for_heading(driver, "Meetings")
    check_axe(driver)
    assert "Spring general assembly" in body_text(driver) and "Autumn general assembly" in body_text(driver)
    submit_and_wait(driver, driver.find_element(By.LINK_TEXT, "Spring general assembly"))
    wait_for_heading(driver, "Meeting")
    check_axe(driver)
    text = body_text(driver)
    assert "signed off by Casey Fictional" in text and "Budget adopted" in text and "Adopt the budget for the coming year" in text
    driver.get(demo.url("/meetings"))
    wait_for_heading(driver, "Meetings")

    # Schedule with a time poll: two candidate times, the poll open for an hour.
    fill(driver, "meeting-title", "Extraordinary assembly")
    Select(driver.find_element(By.ID, "meeting-kind")).select_by_value("general-assembly")
    fill(driver, "meeting-location", "Online at https://meet.example.org/extra")
    fill(driver, "item-title-0", "Renew the office lease")
    Select(driver.find_element(By.ID, "meeting-zone")).select_by_value("UTC")
    driver.find_element(By.ID, "time-poll").click()
    for index, hours in ((0, 2), (1, 3)):
        field = driver.find_element(By.ID, f"candidate-{index}")
        driver.execute_script("arguments[0].value = arguments[1];", field, local(timedelta(hours=hours)))
    fill(driver, "poll-hours", "1")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[method='post'][action='/meetings'] button[type='submit']"))
    wait_for_heading(driver, "Meeting")
    check_axe(driver)
    assert "Answers per candidate time" in body_text(driver), body_text(driver)[:1500]
    path = "/" + driver.current_url.split("/", 3)[3].split("?")[0]
    assert path.startswith("/meetings/")

    # Members answer the time poll and Harper gives a meeting proxy to Finley, by keyboard only.
    member = driver_factory()
    sign_in(member, demo, GIVER[0])
    meeting_page(member, demo, path)
    # In a radio group Tab stops on the checked answer ("No"); the arrow keys move to "Maybe", then "Yes".
    press(member, member.find_element(By.ID, "slot-1-no"), Keys.ARROW_UP, Keys.ARROW_UP)
    assert member.find_element(By.ID, "slot-1-yes").is_selected()
    with new_page(member):
        press(member, form_button(member, f"{path}/time-vote"), Keys.ENTER)
    check_axe(member)
    holder = member.find_element(By.ID, "proxy-holder")
    Select(holder).select_by_visible_text(HOLDER[1])
    with new_page(member):
        press(member, form_button(member, f"{path}/proxy"), Keys.ENTER)
    check_axe(member)
    assert f"Your proxy for this meeting is with {HOLDER[1]}." in body_text(member)
    sign_out(member)
    sign_in(member, demo, HOLDER[0])
    meeting_page(member, demo, path)
    member.find_element(By.ID, "slot-0-maybe").click()
    member.find_element(By.ID, "slot-1-yes").click()
    submit_and_wait(member, form_button(member, f"{path}/time-vote"))
    check_axe(member)

    # The coordinator closes the poll: the best-supported time (the second) is set. Then opens the meeting.
    meeting_page(driver, demo, path)
    Select(driver.find_element(By.ID, "pick-slot")).select_by_value("auto")
    submit_and_wait(driver, form_button(driver, f"{path}/time"))
    check_axe(driver)
    expected = (datetime.now(timezone.utc) + timedelta(hours=3))
    assert expected.strftime("%B") in driver.find_element(By.ID, "meeting-when").text
    submit_and_wait(driver, form_button(driver, f"{path}/open"))
    check_axe(driver)

    # Attendance: five present is not a quorum of twelve; Harper's proxy makes six.
    for index, name in enumerate(PRESENT):
        Select(driver.find_element(By.ID, "attendee")).select_by_visible_text(name)
        driver.find_element(By.ID, "mode-online" if index % 2 else "mode-in-person").click()
        submit_and_wait(driver, form_button(driver, f"{path}/attendance"))
        assert page_status(driver) == 200
    assert "No quorum yet: 5 present or represented; 6 of 12 eligible needed (50%)." in body_text(driver)
    check_axe(driver)
    submit_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Count as represented']"))
    assert "Quorum met: 6 present or represented; 6 of 12 eligible needed (50%)." in body_text(driver)
    check_axe(driver)

    # A vote taken at the meeting, under the agenda item; the holder votes for Harper too.
    fill(driver, "vote-title", "Renew the lease for two years")
    submit_and_wait(driver, form_button(driver, f"{path}/votes"))
    wait_for_heading(driver, "Proposal")
    check_axe(driver)
    poll = "/" + driver.current_url.split("/", 3)[3].split("?")[0]
    driver.find_element(By.ID, "stance-agree").click()
    submit_and_wait(driver, form_button(driver, f"{poll}/vote"))
    member.get(demo.url(poll))
    wait_for_heading(member, "Proposal")
    for giver in (GIVER[1], "Myself"):
        Select(member.find_element(By.ID, "vote-for")).select_by_visible_text(giver)
        member.find_element(By.ID, "stance-agree").click()
        submit_and_wait(member, form_button(member, f"{poll}/vote"))
        assert "Your vote has been recorded." in body_text(member)
    check_axe(member)
    driver.get(demo.url(poll))
    submit_and_wait(driver, form_button(driver, f"{poll}/close"))
    assert "Passed" in body_text(driver)
    driver.get(demo.url("/decisions"))
    check_axe(driver)
    assert "Renew the lease for two years" in body_text(driver)
    assert f"Vote taken at the meeting “Extraordinary assembly” ({path}), agenda item 1: Renew the office lease." in body_text(driver)

    # Minutes: written and submitted by the coordinator, signed off by Finley, who attended.
    meeting_page(driver, demo, path)
    fill(driver, "notes-0", "The lease runs out in March. Two offers were compared.")
    fill(driver, "outcome-0", "Renewed for two years.")
    submit_and_wait(driver, form_button(driver, f"{path}/minutes"))
    submit_and_wait(driver, form_button(driver, f"{path}/minutes/submit"))
    check_axe(driver)
    meeting_page(member, demo, path)
    with new_page(member):
        press(member, form_button(member, f"{path}/minutes/sign-off"), Keys.ENTER)
    check_axe(member)
    text = body_text(member)
    assert "signed off by Finley Mockingbird" in text and "Renewed for two years." in text
    assert "Renew the lease for two years" in text  # linked decisions listed with the minutes

    # The giver sees the proxy was used.
    sign_out(member)
    sign_in(member, demo, GIVER[0])
    meeting_page(member, demo, path)
    text = body_text(member)
    assert "You were counted as represented." in text and "Votes cast for you at the meeting: 1." in text
