"""Browser tests of governance: a coordinator opens a proposal, members vote,
it closes with quorum and threshold applied, and it appears in the public
decisions log and its Atom feed. A policy change changes a governed setting.

Every page the browser lands on is checked with axe-core (`check_axe`).
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    body_text,
    check_axe,
    fill,
    form_button,
    page_status,
    submit_and_wait,
    wait,
    wait_for_heading,
)
from test_foundation import (
    create_first_coordinator,
    enter_second_factor,
    invite_and_join,
    sign_in_with_password,
    sign_out,
)

COORDINATOR = ("Robin Coordinator", "robin@example.org")
MEMBERS = [("Ari Peer", "ari@example.org"), ("Bo Peer", "bo@example.org")]


def proposal_path(driver) -> str:
    path = "/" + driver.current_url.split("/", 3)[3].split("?")[0]
    assert path.startswith("/proposals/"), driver.current_url
    return path


def open_proposal(driver, server, title: str, *, policy_hours: int | None = None) -> str:
    driver.get(server.url("/proposals"))
    wait_for_heading(driver, "Proposals")
    check_axe(driver)
    fill(driver, "proposal-title", title)
    fill(driver, "proposal-body", "Proposed by the coordinator for the browser test.")
    if policy_hours is not None:
        Select(driver.find_element(By.ID, "proposal-type")).select_by_value("policy-change")
        driver.find_element(By.ID, "proposal-setting").click()
        fill(driver, "proposal-hours", str(policy_hours))
    submit_and_wait(driver, form_button(driver, "/proposals"))
    wait_for_heading(driver, "Proposal")
    check_axe(driver)
    return proposal_path(driver)


def vote(driver, server, path: str, stance: str, reason: str = "") -> None:
    driver.get(server.url(path))
    wait_for_heading(driver, "Proposal")
    check_axe(driver)
    driver.find_element(By.ID, f"stance-{stance}").click()
    if reason:
        fill(driver, "vote-reason", reason)
    submit_and_wait(driver, form_button(driver, f"{path}/vote"))
    assert "Your vote has been recorded." in body_text(driver), body_text(driver)
    check_axe(driver)


def test_proposal_vote_close_and_public_log(server, driver):
    authenticator = create_first_coordinator(driver, server, *COORDINATOR)
    sign_out(driver)
    for name, email in MEMBERS:
        invite_and_join(driver, server, "peer-facilitator", email, name)
        sign_out(driver)

    sign_in_with_password(driver, server, COORDINATOR[1])
    enter_second_factor(driver, authenticator.code())
    path = open_proposal(driver, server, "Open on Saturday mornings")
    vote(driver, server, path, "agree")
    window = open_proposal(driver, server, "A 48-hour cancellation window", policy_hours=48)
    assert "Cancellation window becomes 48 hours" in body_text(driver)
    vote(driver, server, window, "agree")
    sign_out(driver)

    sign_in_with_password(driver, server, MEMBERS[0][1])
    vote(driver, server, path, "agree")
    vote(driver, server, window, "agree")
    sign_out(driver)
    sign_in_with_password(driver, server, MEMBERS[1][1])
    vote(driver, server, path, "disagree", reason="Saturdays are for families")
    # A block without a reason is refused with a message in an alert.
    driver.get(server.url(window))
    driver.find_element(By.ID, "stance-block").click()
    submit_and_wait(driver, form_button(driver, f"{window}/vote"))
    alert = wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "[role='alert']"))
    assert "A block needs a reason" in alert.text
    assert page_status(driver) == 400
    check_axe(driver)
    sign_out(driver)

    sign_in_with_password(driver, server, COORDINATOR[1])
    enter_second_factor(driver, authenticator.code())
    for target in (path, window):
        driver.get(server.url(target))
        wait_for_heading(driver, "Proposal")
        submit_and_wait(driver, form_button(driver, f"{target}/close"))
        text = body_text(driver)
        assert "Passed" in text and "Quorum met" in text, text
        check_axe(driver)
    driver.get(server.url("/settings"))
    wait_for_heading(driver, "Governed settings")
    assert "48 hours" in body_text(driver) and "A decision of the members" in body_text(driver)
    check_axe(driver)
    driver.get(server.url("/register"))
    wait_for_heading(driver, "Member register")
    assert "Ari Peer" in body_text(driver) and "Worker-owners" in body_text(driver)
    check_axe(driver)
    sign_out(driver)

    # The decisions log is public.
    driver.get(server.url("/decisions"))
    wait_for_heading(driver, "Decisions")
    text = body_text(driver)
    assert "Open on Saturday mornings" in text and "A 48-hour cancellation window" in text, text
    assert "Saturdays are for families" not in text
    check_axe(driver)
    driver.get(server.url("/decisions.atom"))
    assert "Open on Saturday mornings" in driver.page_source


def test_demo_coop_shows_an_election_and_its_ballot_file(server_factory, driver):
    server = server_factory("--demo")
    driver.get(server.url("/decisions"))
    wait_for_heading(driver, "Decisions")
    text = body_text(driver)
    assert "Board election 2026 (2 seats)" in text and "Elected, in order:" in text, text
    check_axe(driver)
    link = driver.find_element(By.PARTIAL_LINK_TEXT, "Download the ballots")
    href = link.get_attribute("href")
    driver.get(href)
    assert "Board election 2026 (2 seats)" in driver.page_source, driver.page_source[:500]
