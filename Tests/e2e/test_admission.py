"""Browser tests of admission on the demo co-op: a person applies to join a
member class, the worker-owners the bylaws name vote, a coordinator closes the
vote, and the applicant is shown as an active member on their membership page
and on the member register. A comment thread on the application's proposal.

The voters sign in with the demo sign-ins `serve --demo` prints (one per role,
TOTP secrets where the role needs a second factor); Gray is printed as the
community member. Every new page is checked with axe-core (`check_axe`).
"""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    sign_in_demo,
    alert_text,
    body_text,
    check_axe,
    fill,
    form_button,
    submit_and_wait,
    wait_for_heading,
)
from test_foundation import sign_out

APPLICANT = "kai.neighbour@demo.coopcare.example"


def printed_sign_in(server, role: str) -> tuple[str, str | None]:
    """The email and TOTP secret `serve --demo` printed for `role`."""
    for line in server.stdout_lines:
        match = re.match(rf"\s+{re.escape(role)}:?\s+(\S+)\s+password:\s+\S+(?:\s+TOTP secret:\s+(\S+))?", line)
        if match:
            return match.group(1), match.group(2)
    raise AssertionError(f"no demo sign-in printed for {role}: {server.stdout_lines}")


def sign_in(driver, server, email: str, totp_secret: str | None = None) -> None:
    sign_in_demo(driver, server, email, totp_secret, then="/")


def vote_agree(driver, server, path: str) -> None:
    driver.get(server.url(path))
    wait_for_heading(driver, "Proposal")
    check_axe(driver)
    driver.find_element(By.ID, "stance-agree").click()
    submit_and_wait(driver, form_button(driver, f"{path}/vote"))
    assert "Your vote has been recorded." in body_text(driver), body_text(driver)


def test_applicant_is_admitted_by_the_worker_owners(demo, driver):
    # Kai, a community supporter, applies to join as a service user.
    sign_in(driver, demo, APPLICANT)
    driver.get(demo.url("/membership"))
    wait_for_heading(driver, "My membership")
    check_axe(driver)
    driver.find_element(By.LINK_TEXT, "Apply to join a member class").click()
    wait_for_heading(driver, "Apply for membership")
    check_axe(driver)
    # An empty statement is refused with a clear message.
    driver.find_element(By.ID, "class-service-user").click()
    driver.execute_script("document.getElementById('statement').removeAttribute('required')")
    submit_and_wait(driver, form_button(driver, "/membership/apply"))
    assert "Write a statement of 1 to 2000 characters." in alert_text(driver)
    check_axe(driver)
    driver.find_element(By.ID, "class-service-user").click()
    fill(driver, "statement", "I have come to the peer groups for a year and would like a say.")
    submit_and_wait(driver, form_button(driver, "/membership/apply"))
    wait_for_heading(driver, "My membership")
    assert "Your application is in." in body_text(driver)
    check_axe(driver)
    link = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby='applications-heading'] a[href^='/proposals/']")
    path = "/" + link.get_attribute("href").split("/", 3)[3]
    # The applicant starts the discussion on their own application.
    driver.get(demo.url(path))
    wait_for_heading(driver, "Proposal")
    fill(driver, "comment-new", "Happy to answer any questions about my application.")
    submit_and_wait(driver, form_button(driver, f"{path}/comments"))
    assert "Happy to answer any questions" in body_text(driver)
    check_axe(driver)
    sign_out(driver)

    # The worker-owners out of probation vote; a peer facilitator replies in the discussion.
    finley, _ = printed_sign_in(demo, "peer-facilitator")
    gray, _ = printed_sign_in(demo, "community-member")
    blake, blake_secret = printed_sign_in(demo, "treasurer")
    avery, avery_secret = printed_sign_in(demo, "coordinator")
    sign_in(driver, demo, finley)
    vote_agree(driver, demo, path)
    reply = driver.find_element(By.CSS_SELECTOR, "form.reply-form textarea")
    reply.send_keys("Welcome, Kai.")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.reply-form button[type='submit']"))
    text = body_text(driver)
    assert text.index("Happy to answer any questions") < text.index("Welcome, Kai."), text
    check_axe(driver)
    sign_out(driver)
    for email, secret in ((gray, None), (blake, blake_secret)):
        sign_in(driver, demo, email, secret)
        vote_agree(driver, demo, path)
        sign_out(driver)

    # The coordinator votes, sees the application among the pending ones, and closes the vote.
    sign_in(driver, demo, avery, avery_secret)
    driver.get(demo.url("/membership"))
    wait_for_heading(driver, "My membership")
    assert "I have come to the peer groups" in body_text(driver)
    check_axe(driver)
    vote_agree(driver, demo, path)
    submit_and_wait(driver, form_button(driver, f"{path}/close"))
    assert "Passed" in driver.find_element(By.ID, "poll-state").text
    assert "The discussion is read-only" in body_text(driver)
    check_axe(driver)
    driver.get(demo.url("/register"))
    wait_for_heading(driver, "Member register")
    row = driver.find_element(By.XPATH, "//tr[th[normalize-space()='Kai Neighbour-Demo']]")
    assert "Service users" in row.text and "Active" in row.text, row.text
    check_axe(driver)
    # The settings page with the coordinator's emergency-change form.
    driver.get(demo.url("/settings"))
    wait_for_heading(driver, "Governed settings")
    assert driver.find_element(By.ID, "emergency-reason")
    check_axe(driver)
    sign_out(driver)

    # Kai is now an active service-user member.
    sign_in(driver, demo, APPLICANT)
    driver.get(demo.url("/membership"))
    wait_for_heading(driver, "My membership")
    assert driver.find_element(By.ID, "membership-class").text == "Service users"
    assert driver.find_element(By.ID, "membership-status").text == "Active"
    assert "Admitted" in body_text(driver)
    check_axe(driver)


def open_poll(driver, server, title: str, kind: str, options: str, fields: dict[str, str]) -> str:
    driver.get(server.url("/proposals"))
    wait_for_heading(driver, "Proposals")
    fill(driver, "proposal-title", title)
    Select(driver.find_element(By.ID, "proposal-kind")).select_by_value(kind)
    fill(driver, "proposal-options", options)
    for field, value in fields.items():
        if value == "check":
            driver.find_element(By.ID, field).click()
        else:
            fill(driver, field, value)
    submit_and_wait(driver, form_button(driver, "/proposals"))
    wait_for_heading(driver, "Proposal")
    check_axe(driver)
    return "/" + driver.current_url.split("/", 3)[3].split("?")[0]


def test_dot_vote_and_meeting_time_polls(demo, driver):
    finley, _ = printed_sign_in(demo, "peer-facilitator")
    sign_in(driver, demo, finley)
    path = open_poll(driver, demo, "Where the library money goes", "dot-vote", "Books\nChairs", {"proposal-dots": "3"})
    fill(driver, "score-0", "2")
    fill(driver, "score-1", "2")
    submit_and_wait(driver, form_button(driver, f"{path}/vote"))
    assert "You placed 4 dots but have only 3." in alert_text(driver)
    check_axe(driver)
    fill(driver, "score-0", "1")
    fill(driver, "score-1", "2")
    submit_and_wait(driver, form_button(driver, f"{path}/vote"))
    assert "Your vote has been recorded." in body_text(driver)

    path = open_poll(driver, demo, "Spring general meeting", "meeting-time", "2026-12-03 18:00\n2026-12-04 18:00",
                     {"proposal-duration": "90", "proposal-maybe": "check"})
    driver.find_element(By.ID, "time-0-yes").click()
    driver.find_element(By.ID, "time-1-maybe").click()
    submit_and_wait(driver, form_button(driver, f"{path}/vote"))
    assert "Your vote has been recorded." in body_text(driver)
    check_axe(driver)
