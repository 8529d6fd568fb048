"""Browser test of profile photos on the demo co-op: a clinician without a photo uploads a small PNG through the
profile page's own form (the file input is filled by send_keys, the form posted by keyboard), the directory and the
therapist page then show it with alt text and a size, and the photo is served with its ETag (304 when unchanged) and
without the text chunk the file carried. axe-core checks the profile page and the directory.
"""

from __future__ import annotations

import re
import struct
import urllib.error
import urllib.request
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import (
    sign_in_demo as sign_in,
    alert_text,
    body_text,
    check_axe,
    new_page,
    wait_for_heading,
)

CLINICIAN = "avery.sample@demo.coopcare.example"  # the demo clinician whose second-factor secret is printed
NAME = "Avery Sample"


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def small_png(width: int = 80, height: int = 80) -> bytes:
    """A flat teal square with a lighter stripe, plus a tEXt chunk that must not survive the upload."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((40, 160, 150)) if not 30 <= y < 50 else bytes((200, 240, 235)) for _ in range(width))
        for y in range(height)
    )
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\x00written at 7 Secret Road")
            + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_clinician_uploads_a_photo_and_the_directory_shows_it(demo, driver, tmp_path):
    secret = next(
        re.search(r"TOTP secret: (\S+)", line).group(1)
        for line in demo.stdout_lines if CLINICIAN in line and "TOTP secret" in line
    )
    directory = demo.url("/therapists?state=CA")
    driver.get(directory)
    assert NAME in body_text(driver)
    assert not driver.find_elements(By.CSS_SELECTOR, f"img[alt='Photo of {NAME}']")
    # Demo therapists with a synthetic photo show it already.
    assert driver.find_elements(By.CSS_SELECTOR, "img[alt='Photo of Casey Fictional']")
    check_axe(driver)

    sign_in(driver, demo, CLINICIAN, totp_secret=secret)
    driver.get(demo.url("/account/profile"))
    wait_for_heading(driver, "My therapist profile")
    assert "No photo yet." in body_text(driver)
    check_axe(driver)

    path = tmp_path / "avery.png"
    path.write_bytes(small_png())
    file_input = driver.find_element(By.ID, "photo-file")
    file_input.send_keys(str(path))
    # Keyboard only: focus the form's button and press Enter.
    button = driver.find_element(By.CSS_SELECTOR, "form[action='/account/profile/photo'] button[type='submit']")
    with new_page(driver):
        button.send_keys(Keys.ENTER)
    assert "Saved." in alert_text(driver)
    image = driver.find_element(By.CSS_SELECTOR, f"img[alt='Photo of {NAME}']")
    assert image.get_attribute("width") == "160" and image.get_attribute("height") == "160"
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) == 80
    check_axe(driver)

    driver.get(directory)
    image = driver.find_element(By.CSS_SELECTOR, f"img[alt='Photo of {NAME}']")
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) == 80
    check_axe(driver)

    src = image.get_attribute("src").split("?")[0]
    status, headers, body = fetch(src)
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert b"Secret Road" not in body and b"tEXt" not in body
    status, headers_again, body_again = fetch(src, {"If-None-Match": headers["ETag"]})
    assert status == 304 and body_again == b""

    driver.get(demo.url("/therapists?state=CA"))
    driver.find_element(By.LINK_TEXT, NAME).click()
    wait_for_heading(driver, NAME)
    assert driver.find_element(By.CSS_SELECTOR, f"img[alt='Photo of {NAME}']").get_attribute("width") == "200"


def test_a_file_that_is_not_an_image_is_refused_with_a_message(demo, driver, tmp_path):
    secret = next(
        re.search(r"TOTP secret: (\S+)", line).group(1)
        for line in demo.stdout_lines if CLINICIAN in line and "TOTP secret" in line
    )
    sign_in(driver, demo, CLINICIAN, totp_secret=secret)
    driver.get(demo.url("/account/profile"))
    wait_for_heading(driver, "My therapist profile")
    path = tmp_path / "notes.png"
    path.write_text("these are not pixels")
    driver.find_element(By.ID, "photo-file").send_keys(str(path))
    button = driver.find_element(By.CSS_SELECTOR, "form[action='/account/profile/photo'] button[type='submit']")
    with new_page(driver):
        button.send_keys(Keys.ENTER)
    assert "not a JPEG or PNG image" in alert_text(driver)
    assert "No photo yet." in body_text(driver)
    check_axe(driver)
