"""The playground and the reference page, as a person uses them, in Debian's headless Chromium.

A person enters a key (checked when saved), picks a model, writes a prompt and submits; the page
keeps the task's live progress in view, then plays the video and shows its last frame. The form
follows the model's catalog rules; errors are the server's own, shown on screen next to the field
they concern; uploads become asset:// ids or data: URIs, and a damaged picture is refused before
anything is sent; the history reopens a task. The Code panel's snippets (curl, the OpenAI and Ark
Python SDKs) are copied from the page and run against the server, and must make the video the
form describes. One main heading, badges at 4.5:1 contrast and a keyboard walk through every
control are checked from what the browser computes. Screenshots at 1280x900 and 375x812 are
checked for layout breakage (no horizontal scroll at phone width, key elements visible and not
overlapping).
"""

from __future__ import annotations

import base64
import json
import os
import random
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import CHROMEDRIVER, CHROMIUM, png, request, wait_for_ark_status
from tests_support import poll_until

DESKTOP = (1280, 900)
PHONE = (390, 844)
RENDER_TIMEOUT = 240


@pytest.fixture(scope="module")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--autoplay-policy=no-user-gesture-required",
                     "--mute-audio", "--no-first-run", "--disable-extensions", "--hide-scrollbars"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.set_script_timeout(30)
    emulate(browser, DESKTOP, mobile=False)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def catalog(base_url):
    return {model["id"]: model for model in request(base_url, "GET", "/v1/models").json()["data"]}


# MARK: - Helpers

def wait(browser, condition, timeout=20, message=""):
    # The page re-renders lists (the history, the media slots) while a condition reads them: an
    # element replaced between finding and reading it is read again on the next poll.
    return WebDriverWait(browser, timeout, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,)) \
        .until(lambda _: condition(), message)


def history_ids(browser):
    """The task ids the gallery shows, read in one step so a re-render cannot split the read."""
    return browser.execute_script("return [...document.querySelectorAll('.gallery-item')].map(item => item.dataset.id);")


def click_history_item(browser, task_id):
    """Opens a task from the gallery by its picture, as a person does."""
    browser.find_element(By.CSS_SELECTOR, f".gallery-item[data-id='{task_id}'] .gallery-open").click()
    return True


def by_id(browser, element_id):
    return browser.find_element(By.ID, element_id)


def open_playground(browser, base_url, key=None, fragment=""):
    browser.get(base_url + "/docs")
    browser.execute_script("localStorage.clear();" + (f"localStorage.setItem('reelay.apiKey', {key!r});" if key else ""))
    browser.get(base_url + "/" + fragment)
    wait(browser, lambda: by_id(browser, "model").is_enabled() and len(Select(by_id(browser, "model")).options) > 1,
         message="the model list never loaded")


def set_key(browser, key):
    field = by_id(browser, "api-key")
    field.clear()
    field.send_keys(key)
    save = by_id(browser, "save-key")
    # Scrolled down (after opening a gallery item), the sticky top bar can cover the button.
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", save)
    save.click()


def choose_model(browser, model_id):
    Select(by_id(browser, "model")).select_by_value(model_id)


def options_of(browser, element_id):
    return [option.get_attribute("value") for option in Select(by_id(browser, element_id)).options]


def set_checkbox(browser, element_id, checked):
    box = by_id(browser, element_id)
    if box.is_selected() != checked:
        box.click()


def write_prompt(browser, text):
    prompt = by_id(browser, "prompt")
    prompt.clear()
    prompt.send_keys(text)


def submit_and_wait(browser, timeout=RENDER_TIMEOUT):
    """Submits the form and watches the task to its end, checking that its progress is on screen;
    returns (task id, statuses seen, progress seen, elapsed seconds seen)."""
    previous = by_id(browser, "task-id").text
    by_id(browser, "submit").click()
    wait(browser, lambda: by_id(browser, "task-id").text not in ("", previous) or shown_errors(browser),
         message="nothing happened after submitting")
    assert not shown_errors(browser), f"the request was refused: {shown_errors(browser)}"
    task_id = by_id(browser, "task-id").text
    wait(browser, lambda: in_view(browser, by_id(browser, "progress")), message="the progress is not on screen after Generate")
    statuses, progress, elapsed = [], [], []

    def read() -> str:
        status = by_id(browser, "task-status").text
        if not statuses or statuses[-1] != status:
            statuses.append(status)
        progress.append(int(by_id(browser, "progress").get_attribute("aria-valuenow")))
        elapsed.append(seconds_shown(by_id(browser, "elapsed").text))
        return status

    poll_until(read, lambda status: status in ("Succeeded", "Failed", "Cancelled", "Expired"),
               what=f"the playground showing {task_id} ended", timeout=timeout, interval=0.2)
    assert statuses[-1] == "Succeeded", f"{task_id} ended as {statuses}: {by_id(browser, 'task-error').text}"
    return task_id, statuses, progress, elapsed


def seconds_shown(text):
    """The elapsed clock's text ("2.7 s", "1 min 05 s") in seconds."""
    parts = text.split()
    return float(parts[0]) * 60 + float(parts[2]) if "min" in parts else float(parts[0])


def shown_errors(browser):
    """The texts of the error messages on screen."""
    return [error.text for error in browser.find_elements(By.CSS_SELECTOR, ".error") if error.is_displayed()]


def in_view(browser, element):
    """True when the whole of `element` is on screen, below the sticky top bar."""
    return browser.execute_script("""
        const box = arguments[0].getBoundingClientRect();
        const bar = document.querySelector('.top').getBoundingClientRect().bottom;
        return box.height > 0 && box.top >= bar - 1 && box.bottom <= innerHeight + 1;""", element)


def error_under(browser, control):
    """The text of the error message shown just under `control` (within a few lines), or ''."""
    return browser.execute_script("""
        const control = arguments[0].getBoundingClientRect();
        for (const error of document.querySelectorAll('.error')) {
          const box = error.getBoundingClientRect();
          if (box.height > 0 && box.top >= control.bottom - 1 && box.top - control.bottom < 120
              && box.left < control.right && box.right > control.left) return error.textContent;
        }
        return '';""", control)


def wait_for_error_under(browser, control, *words):
    """Waits until an error containing `words` is shown under `control`, on screen; returns its text."""
    wait(browser, lambda: all(word in error_under(browser, control) for word in words) and in_view(browser, control),
         message=f"no error with {words} on screen under the field; shown: {shown_errors(browser)}")
    return error_under(browser, control)


def scroll_to_generate(browser):
    """Scrolls as a person does to reach Generate, at the end of the form."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'end'})", by_id(browser, "submit"))


def task_total(base_url, key):
    return request(base_url, "GET", "/api/v3/contents/generations/tasks?page_size=1", key).json()["total"]


def wait_until_playable(browser):
    wait(browser, lambda: browser.execute_script("return document.getElementById('video').readyState") >= 2,
         timeout=60, message="the video never became playable (readyState < 2)")


def play(browser):
    """Plays the video for a moment; returns what the element reports."""
    return browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const video = document.getElementById('video');
        video.muted = true;
        const start = video.currentTime;
        video.play()
          .then(() => setTimeout(() => done({ok: true, start, now: video.currentTime, paused: video.paused,
                                             duration: video.duration, width: video.videoWidth, height: video.videoHeight}), 1500))
          .catch((error) => done({ok: false, error: String(error)}));
    """)


def screenshot(browser, folder: Path, name: str, full_page=False):
    path = folder / f"{name}.png"
    if full_page:
        import base64
        metrics = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics["cssContentSize"]
        shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))
    else:
        browser.save_screenshot(str(path))
    assert path.stat().st_size > 1000, f"{path} is empty"
    return path


def emulate(browser, size, mobile):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": mobile})


def layout_report(browser, ids):
    """Viewport, scroll width and each element's box, measured in the page."""
    return browser.execute_script("""
        const ids = arguments[0];
        const boxes = {};
        for (const id of ids) {
          const element = document.getElementById(id);
          if (!element) { boxes[id] = null; continue; }
          const r = element.getBoundingClientRect();
          const style = getComputedStyle(element);
          boxes[id] = {left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY,
                       width: r.width, height: r.height, visible: r.width > 0 && r.height > 0 &&
                       style.visibility !== 'hidden' && style.display !== 'none'};
        }
        return {innerWidth: innerWidth, scrollWidth: document.documentElement.scrollWidth,
                bodyScrollWidth: document.body.scrollWidth, boxes};
    """, ids)


def check_layout(report, ids, label):
    width = report["innerWidth"]
    assert report["scrollWidth"] <= width, f"{label}: the page scrolls sideways ({report['scrollWidth']} > {width})"
    assert report["bodyScrollWidth"] <= width, f"{label}: the body is wider than the viewport"
    boxes = report["boxes"]
    for element_id in ids:
        box = boxes[element_id]
        assert box and box["visible"], f"{label}: #{element_id} is not visible"
        assert box["left"] >= -0.5 and box["right"] <= width + 0.5, f"{label}: #{element_id} sticks out: {box}"
    for index, first in enumerate(ids):
        for second in ids[index + 1:]:
            a, b = boxes[first], boxes[second]
            overlap_x = min(a["right"], b["right"]) - max(a["left"], b["left"])
            overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            assert overlap_x <= 1 or overlap_y <= 1, f"{label}: #{first} and #{second} overlap: {a} {b}"


def assert_no_page_errors(browser):
    """No script error and no Content-Security-Policy violation since the last look. Refused
    requests (the 401 of a wrong key) are logged too; those are expected."""
    try:
        entries = browser.get_log("browser")
    except WebDriverException:
        return
    problems = [entry["message"] for entry in entries if entry.get("level") == "SEVERE"
                and "Failed to load resource" not in entry["message"]]
    assert not problems, problems


FORM_IDS = ["api-key", "save-key", "model", "prompt", "ratio", "resolution", "duration", "seed", "submit"]


# MARK: - Tests

# The provider badge of a video the local renderer made.
LOCAL_BADGE = "Local renderer \u2014 placeholder video"


def test_a_person_generates_and_plays_a_video(driver, base_url, api_key, catalog, screenshots):
    open_playground(driver, base_url)
    assert "Enter your API key" in by_id(driver, "gallery-status").text

    # A wrong key is tried when it is saved: refused, said so next to it, and not kept.
    key_field = by_id(driver, "api-key")
    set_key(driver, "not-a-key")
    refusal = wait_for_error_under(driver, key_field, "refused", "401")
    assert "Missing or invalid API key" in refusal, refusal
    assert by_id(driver, "key-status").text == "Not saved."
    assert driver.execute_script("return localStorage.getItem('reelay.apiKey')") is None

    # Generating with it anyway: the server's 401 is shown at the key, brought on screen.
    choose_model(driver, "doubao-seedance-2.0-fast")
    write_prompt(driver, "A red balloon drifting over a quiet lake at dawn")
    # (Save's refusal is taken off the screen first, so that what is seen next is Generate's.)
    driver.execute_script("document.querySelectorAll('.error').forEach((error) => { error.hidden = true; })")
    scroll_to_generate(driver)
    by_id(driver, "submit").click()
    wait_for_error_under(driver, key_field, "Missing or invalid API key", "401")

    # The right key is accepted and kept, and the 401 goes.
    set_key(driver, api_key)
    wait(driver, lambda: "the server accepts it" in by_id(driver, "key-status").text, message="the right key was not accepted")
    assert driver.execute_script("return localStorage.getItem('reelay.apiKey')") == api_key
    assert not shown_errors(driver), shown_errors(driver)
    wait(driver, lambda: "No tasks yet" in by_id(driver, "gallery-status").text or "newest" in by_id(driver, "gallery-status").text)

    model = catalog["doubao-seedance-2.0-fast"]
    assert options_of(driver, "resolution") == model["resolutions"]
    assert options_of(driver, "ratio") == model["ratios"]
    Select(by_id(driver, "resolution")).select_by_value("480p")
    Select(by_id(driver, "ratio")).select_by_value("16:9")
    Select(by_id(driver, "duration")).select_by_value("4")
    set_checkbox(driver, "audio", True)
    set_checkbox(driver, "return-last-frame", True)
    by_id(driver, "seed").send_keys("7")
    # The estimate follows the form, as the server's dry run prices the same request (the
    # test server charges 0.01 USD a second of video).
    dry = request(base_url, "POST", "/api/v3/contents/generations/tasks?dry_run=true", api_key, body={
        "model": "doubao-seedance-2.0-fast", "resolution": "480p", "ratio": "16:9", "duration": 4, "generate_audio": True,
        "seed": 7, "content": [{"type": "text", "text": "A red balloon drifting over a quiet lake at dawn"}]}).json()
    expected = f"Estimated cost: {dry['estimate']['amount']} USD (4 s of video)."
    assert dry["estimate"]["video_seconds"] == 4, dry
    wait(driver, lambda: by_id(driver, "estimate").text.startswith(expected),
         message=f"estimate shown: {by_id(driver, 'estimate').text!r}, expected {expected!r}")
    screenshot(driver, screenshots, "desktop-form")

    # Generate is below the fold: the page scrolls up to the task's progress.
    scroll_to_generate(driver)
    assert driver.execute_script("return scrollY") > 0 and not in_view(driver, by_id(driver, "task-card")), \
        "the form fits the screen: nothing here checks that the task is brought into view"
    started = time.monotonic()
    task_id, statuses, progress, elapsed = submit_and_wait(driver)
    assert statuses[-1] == "Succeeded"
    assert progress[-1] == 100 and progress == sorted(progress), f"progress went backwards: {progress}"
    assert by_id(driver, "progress-text").text == "100%"
    assert elapsed == sorted(elapsed), f"the elapsed clock went backwards: {elapsed}"
    final = seconds_shown(by_id(driver, "elapsed").text)
    assert max(elapsed) <= final <= time.monotonic() - started + 2, (final, elapsed)
    assert "seed 7" in by_id(driver, "task-summary").text
    # What the create held is said on the task, as the admin API records it.
    reserved = request(base_url, "GET", f"/admin/tasks/{task_id}", api_key).json()["cost"]["reserved"]
    assert by_id(driver, "task-held").text == \
        f"Held from the key's budget at create (the estimate): {reserved:.2f} USD.", by_id(driver, "task-held").text
    # A badge says who made the video, and that the local renderer's videos are placeholders.
    provider = by_id(driver, "task-provider")
    assert provider.is_displayed() and provider.text == LOCAL_BADGE, provider.text
    assert driver.execute_script("return location.hash") == f"#task={task_id}"

    wait_until_playable(driver)
    played = play(driver)
    assert played["ok"], played
    assert played["now"] > played["start"], f"the video does not advance: {played}"
    assert played["width"] > 800 and abs(played["width"] / played["height"] - 16 / 9) < 0.05, played
    assert 3.5 < played["duration"] < 4.5, played

    # The last frame is shown, loaded, at the video's size; the checkbox that asked for it stays.
    image = by_id(driver, "last-frame-image")
    wait(driver, lambda: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 0,
         message="the last frame did not load")
    assert by_id(driver, "last-frame").is_displayed() and image.is_displayed()
    assert driver.execute_script("return arguments[0].naturalWidth", image) == played["width"]
    assert by_id(driver, "return-last-frame").is_displayed()
    assert by_id(driver, "video-link").get_attribute("href").startswith(base_url + "/files/")

    wait(driver, lambda: task_id in history_ids(driver), message="the task is not in the history")
    # The gallery card carries the same badge (the gallery is drawn again when the task ends).
    card_badge = f'#gallery li[data-id="{task_id}"] .g-provider .badge'
    wait(driver, lambda: any(badge.is_displayed() and badge.text == LOCAL_BADGE
                             for badge in driver.find_elements(By.CSS_SELECTOR, card_badge)),
         message="the gallery card shows no provider badge")
    screenshot(driver, screenshots, "desktop-result")
    check_layout(layout_report(driver, FORM_IDS + ["video"]), FORM_IDS, "desktop")

    # Nothing was loaded from another origin, and nothing was blocked or thrown.
    resources = driver.execute_script("return performance.getEntriesByType('resource').map((entry) => entry.name)")
    foreign = [name for name in resources if not name.startswith(base_url) and not name.startswith(("data:", "blob:"))]
    assert not foreign, f"resources from elsewhere: {foreign}"
    assert_no_page_errors(driver)


def test_the_form_follows_the_model_rules(driver, base_url, api_key, catalog, screenshots):
    open_playground(driver, base_url, key=api_key)
    for model_id, model in catalog.items():
        choose_model(driver, model_id)
        assert options_of(driver, "resolution") == model["resolutions"], model_id
        assert options_of(driver, "ratio") == model["ratios"], model_id
        span = model["durations"]
        durations = [str(value) for value in range(span["min"], span["max"] + 1, span["step"])]
        if model["auto_duration"]:
            durations.append("-1")
        assert options_of(driver, "duration") == durations, model_id
        assert Select(by_id(driver, "resolution")).first_selected_option.get_attribute("value") == model["defaults"]["resolution"]
        assert Select(by_id(driver, "duration")).first_selected_option.get_attribute("value") == str(model["defaults"]["duration"])
        assert by_id(driver, "audio-field").is_displayed() == model["audio"], model_id
        assert by_id(driver, "draft-field").is_displayed() == model["draft"], model_id
        media = model["media"]
        roles = [slot.get_attribute("data-role") for slot in driver.find_elements(By.CSS_SELECTOR, "#media-slots .slot")]
        expected = (["first_frame"] if media["first_frame"] else []) + (["last_frame"] if media["last_frame"] else []) \
            + (["reference_image"] if media["reference_images"] else []) + (["reference_video"] if media["reference_videos"] else []) \
            + (["reference_audio"] if media["reference_audio"] else [])
        assert roles == expected, model_id
        assert by_id(driver, "media-fields").is_displayed() == bool(expected), model_id
        if media["requires_image"]:
            assert "makes videos from images" in by_id(driver, "media-hint").text

    # Reference images up to the model's limit.
    choose_model(driver, "doubao-seedance-1-0-lite-i2v-250428")
    add = by_id(driver, "add-reference")
    while add.is_displayed():
        add.click()
    references = driver.find_elements(By.CSS_SELECTOR, "#media-slots .slot[data-role=reference_image]")
    assert len(references) == catalog["doubao-seedance-1-0-lite-i2v-250428"]["media"]["reference_images"]

    # Draft mode pins 480p.
    choose_model(driver, "doubao-seedance-1-5-pro-251215")
    set_checkbox(driver, "draft", True)
    resolution = by_id(driver, "resolution")
    assert not resolution.is_enabled() and Select(resolution).first_selected_option.get_attribute("value") == "480p"

    # Mistakes are shown next to their field, on screen, wherever the page was scrolled: the
    # form's own (no prompt) and the server's refusal, as it words it.
    choose_model(driver, "doubao-seedance-1-0-lite-t2v-250428")
    write_prompt(driver, "")
    scroll_to_generate(driver)
    by_id(driver, "submit").click()
    wait_for_error_under(driver, by_id(driver, "prompt"), "Write a prompt first")

    write_prompt(driver, "A paper boat")
    by_id(driver, "seed").send_keys("3000000000")
    scroll_to_generate(driver)
    by_id(driver, "submit").click()
    # In the form's words: the field's label, not the request's parameter.
    error = wait_for_error_under(driver, by_id(driver, "seed"), "Seed must be between", "HTTP 400")
    assert shown_errors(driver) == [error], shown_errors(driver)
    screenshot(driver, screenshots, "desktop-field-error")
    assert_no_page_errors(driver)


def test_uploads_become_assets_or_data_uris(driver, base_url, api_key, tmp_path):
    image = tmp_path / "first-frame.png"
    image.write_bytes(png(96, 64))
    damaged = tmp_path / "damaged.png"
    damaged.write_bytes(png(96, 64)[:8] + b"these bytes are not a picture" * 8)
    open_playground(driver, base_url, key=api_key)

    # A damaged picture is refused at its slot, by name, and Generate sends nothing.
    choose_model(driver, "doubao-seedance-1-5-pro-251215")
    slot = driver.find_element(By.CSS_SELECTOR, "#media-slots .slot[data-role=first_frame]")
    slot.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(damaged))
    url_field = slot.find_element(By.CSS_SELECTOR, "input[type=text]")
    wait_for_error_under(driver, url_field, "First frame", "damaged.png", "cannot be opened")
    assert url_field.get_attribute("value") == ""
    write_prompt(driver, "The orange card slowly turns")
    before = task_total(base_url, api_key)
    scroll_to_generate(driver)
    by_id(driver, "submit").click()
    wait(driver, lambda: by_id(driver, "submit").text == "Generate" and "damaged.png" in error_under(driver, url_field)
         and in_view(driver, url_field), message="the damaged picture was not pointed out after Generate")
    assert task_total(base_url, api_key) == before, "a task was created with the damaged picture"
    assert not by_id(driver, "task-view").is_displayed()

    # Seedance 2.0 fast takes asset:// inputs: the file is uploaded to /v1/assets.
    choose_model(driver, "doubao-seedance-2.0-fast")
    slot = driver.find_element(By.CSS_SELECTOR, "#media-slots .slot[data-role=first_frame]")
    slot.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(image))
    url_field = slot.find_element(By.CSS_SELECTOR, "input[type=text]")
    wait(driver, lambda: url_field.get_attribute("value").startswith("asset://"), message="the upload did not become an asset")
    asset_id = url_field.get_attribute("value").removeprefix("asset://")
    assert request(base_url, "GET", f"/v1/assets/{asset_id}", api_key).json()["kind"] == "image"
    write_prompt(driver, "The orange card slowly turns")
    Select(by_id(driver, "resolution")).select_by_value("480p")
    Select(by_id(driver, "duration")).select_by_value("4")
    Select(by_id(driver, "ratio")).select_by_value("adaptive")
    set_checkbox(driver, "audio", False)
    assert not shown_errors(driver), "the damaged picture's error outlived the slot"
    submit_and_wait(driver)
    wait_until_playable(driver)

    # Seedance 1.5 pro does not: the file is sent inline as a data: URI.
    choose_model(driver, "doubao-seedance-1-5-pro-251215")
    slot = driver.find_element(By.CSS_SELECTOR, "#media-slots .slot[data-role=first_frame]")
    assert slot.find_element(By.CSS_SELECTOR, "input[type=text]").get_attribute("value") == "", "an asset:// id was kept"
    slot.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(image))
    url_field = slot.find_element(By.CSS_SELECTOR, "input[type=text]")
    wait(driver, lambda: url_field.get_attribute("value").startswith("data: URI"), message="the file was not inlined")
    Select(by_id(driver, "resolution")).select_by_value("480p")
    Select(by_id(driver, "duration")).select_by_value("4")
    set_checkbox(driver, "audio", False)
    task_id, _, _, _ = submit_and_wait(driver)
    wait_until_playable(driver)
    task = request(base_url, "GET", f"/api/v3/contents/generations/tasks/{task_id}", api_key).json()
    assert task["status"] == "succeeded", task
    assert_no_page_errors(driver)


def test_the_history_reopens_a_task(driver, base_url, api_key, other_api_key):
    open_playground(driver, base_url, key=api_key)
    listed = request(base_url, "GET", "/api/v3/contents/generations/tasks?page_size=20", api_key).json()
    wait(driver, lambda: history_ids(driver) == [task["id"] for task in listed["items"]],
         message="the history does not list the key's tasks, newest first")
    task_id = next(task["id"] for task in listed["items"] if task["status"] == "succeeded")
    wait(driver, lambda: "Succeeded" in driver.find_element(By.CSS_SELECTOR, f".gallery-item[data-id='{task_id}']").text,
         message="the history does not label the task Succeeded")
    wait(driver, lambda: click_history_item(driver, task_id), message="the succeeded task could not be clicked")
    wait(driver, lambda: by_id(driver, "task-id").text == task_id and by_id(driver, "task-status").text == "Succeeded")
    wait(driver, lambda: "current" in driver.find_element(By.CSS_SELECTOR, f".gallery-item[data-id='{task_id}']").get_attribute("class"))
    wait_until_playable(driver)
    assert play(driver)["ok"]

    # A task with a last frame shows it; one without hides the picture, and the form's
    # "Return last frame" checkbox stays where it is.
    with_frame = [task["id"] for task in listed["items"] if "last_frame_url" in task.get("content", {})]
    without = [task["id"] for task in listed["items"] if task["status"] == "succeeded" and "last_frame_url" not in task.get("content", {})]
    assert with_frame and without, "the earlier tests made a task with a last frame and one without"
    for shown_id, shows_frame in ((with_frame[0], True), (without[0], False)):
        wait(driver, lambda: click_history_item(driver, shown_id), message=f"{shown_id} could not be clicked")
        wait(driver, lambda: by_id(driver, "task-id").text == shown_id and by_id(driver, "task-status").text == "Succeeded")
        if shows_frame:
            wait(driver, lambda: by_id(driver, "last-frame-image").is_displayed()
                 and driver.execute_script("return arguments[0].naturalWidth", by_id(driver, "last-frame-image")) > 0,
                 message="the last frame is not shown")
        else:
            assert not by_id(driver, "last-frame").is_displayed()
        assert by_id(driver, "return-last-frame").is_displayed(), "the checkbox vanished"

    # Another key sees its own tasks only.
    mine = {task["id"] for task in listed["items"]}
    theirs = [task["id"] for task in request(base_url, "GET", "/api/v3/contents/generations/tasks?page_size=20", other_api_key).json()["items"]]
    set_key(driver, other_api_key)
    wait(driver, lambda: history_ids(driver) == theirs, message="the other key's history is not shown")
    assert not mine & set(history_ids(driver))


def test_phone_layout(driver, base_url, api_key, screenshots):
    listed = request(base_url, "GET", "/api/v3/contents/generations/tasks?page_size=20&filter.status=succeeded", api_key).json()
    task_id = listed["items"][0]["id"]
    emulate(driver, PHONE, mobile=True)
    try:
        open_playground(driver, base_url, key=api_key, fragment=f"#task={task_id}")
        wait(driver, lambda: by_id(driver, "task-status").text == "Succeeded")
        wait_until_playable(driver)
        choose_model(driver, "doubao-seedance-1-0-lite-i2v-250428")
        by_id(driver, "add-reference").click()
        assert driver.execute_script("return innerWidth") == PHONE[0]
        ids = FORM_IDS + ["video", "gallery", "media-fields"]
        check_layout(layout_report(driver, ids), FORM_IDS + ["media-fields"], "phone")
        report = layout_report(driver, ["video", "gallery", "task-card", "create-form", "code-card"])
        for element_id in ("video", "gallery", "task-card", "code-card"):
            box = report["boxes"][element_id]
            assert box["visible"] and box["right"] <= PHONE[0] + 0.5, f"#{element_id} at phone width: {box}"
        screenshot(driver, screenshots, "phone-playground")
        screenshot(driver, screenshots, "phone-playground-full", full_page=True)

        driver.get(base_url + "/docs")
        wait(driver, lambda: int(driver.execute_script("return document.body.dataset.operations || 0")) > 30)
        report = layout_report(driver, ["filter", "reference"])
        check_layout(report, ["filter", "reference"], "phone docs")
        screenshot(driver, screenshots, "phone-docs")
    finally:
        emulate(driver, DESKTOP, mobile=False)


def test_the_reference_page_renders_the_document(driver, base_url, screenshots):
    document = request(base_url, "GET", "/openapi.json").json()
    operations = sum(1 for item in document["paths"].values() for method in item if method in {"get", "post", "patch", "delete"})
    driver.get(base_url + "/docs")
    wait(driver, lambda: driver.execute_script("return document.body.dataset.operations") == str(operations))
    cards = driver.find_elements(By.CSS_SELECTOR, "article.operation")
    assert len(cards) == operations
    ark = by_id(driver, "arkCreateTask")
    assert "POST" in ark.text and "/api/v3/contents/generations/tasks" in ark.text and "/ark/api/v3" in ark.text
    assert "return_last_frame" in ark.text and "InvalidEndpointOrModel" in ark.get_attribute("textContent")
    filter_box = by_id(driver, "filter")
    filter_box.send_keys("remix")
    visible = [card.get_attribute("id") for card in cards if card.is_displayed()]
    assert visible == ["openaiRemixVideo"], visible
    filter_box.clear()
    filter_box.send_keys(" ")
    screenshot(driver, screenshots, "desktop-docs")
    check_layout(layout_report(driver, ["filter", "reference"]), ["filter", "reference"], "desktop docs")
    assert_no_page_errors(driver)


# MARK: - Code for the request

REPOSITORY = Path(__file__).resolve().parent.parent
CONTRACT_PYTHON = REPOSITORY / ".venv-contract" / "bin" / "python"


def noisy_png(width, height, seed=5):
    """A PNG of pseudo-random pixels: it hardly compresses, so its data: URI is large."""
    generator = random.Random(seed)
    raw = b"".join(b"\x00" + generator.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def allow_clipboard(browser, base_url):
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": base_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})


def choose_language(browser, label):
    browser.find_element(By.XPATH, f"//button[contains(@class, 'code-tab') and normalize-space()='{label}']").click()


def copy_code(browser):
    """Presses Copy under the code, as a person does, and returns what landed on the clipboard."""
    browser.execute_script("navigator.clipboard.writeText('')")
    by_id(browser, "copy-code").click()
    wait(browser, lambda: by_id(browser, "copy-status").text == "Copied.", message="the code was not copied")
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, (error) => done('ERROR ' + error));")


def run_snippet(program, text, key, timeout=120):
    """Runs a copied snippet as if pasted into `program` (bash, python), with the key in
    REELAY_API_KEY; returns its output."""
    environment = {**os.environ, "REELAY_API_KEY": key}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        environment.pop(name, None)
    done = subprocess.run(program, input=text, env=environment, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{program[0]} failed ({done.returncode}): {done.stderr[-2000:]}"
    return done.stdout


def fill_the_form(browser, prompt, ratio, resolution, duration, seed, audio):
    choose_model(browser, "doubao-seedance-1-5-pro-251215")
    write_prompt(browser, prompt)
    Select(by_id(browser, "ratio")).select_by_value(ratio)
    Select(by_id(browser, "resolution")).select_by_value(resolution)
    Select(by_id(browser, "duration")).select_by_value(duration)
    seed_field = by_id(browser, "seed")
    seed_field.clear()
    seed_field.send_keys(seed)
    set_checkbox(browser, "audio", audio)


def test_the_copied_curl_command_creates_the_task_the_form_describes(driver, base_url, api_key, tmp_path):
    image = tmp_path / "noise.png"
    image.write_bytes(noisy_png(480, 320))
    data_uri = "data:image/png;base64," + base64.b64encode(image.read_bytes()).decode()
    assert len(data_uri) > 300_000, "the picture should be larger than one command-line argument may be"

    open_playground(driver, base_url, key=api_key)
    allow_clipboard(driver, base_url)
    fill_the_form(driver, "A paper lantern rising into the night", "16:9", "480p", "4", "11", audio=False)
    set_checkbox(driver, "return-last-frame", True)
    slot = driver.find_element(By.CSS_SELECTOR, "#media-slots .slot[data-role=first_frame]")
    slot.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(image))
    wait(driver, lambda: "shortened here" in by_id(driver, "code-text").text, message="the data: URI is not shortened on screen")

    # On screen: the form's request, with the picture shortened and the key left to the environment.
    shown = by_id(driver, "code-text").text
    assert shown.startswith(f"curl -sS {base_url}/api/v3/contents/generations/tasks")
    for words in ('"model": "doubao-seedance-1-5-pro-251215"', '"text": "A paper lantern rising into the night"',
                  '"ratio": "16:9"', '"resolution": "480p"', '"duration": 4', '"seed": 11', '"generate_audio": false',
                  '"return_last_frame": true', '"role": "first_frame"', "$REELAY_API_KEY"):
        assert words in shown, f"{words} is not in the code shown:\n{shown}"
    assert len(shown) < 3000 and data_uri not in shown
    assert "export REELAY_API_KEY" in by_id(driver, "code-key-note").text

    # The snippet follows the form as it changes.
    Select(by_id(driver, "duration")).select_by_value("5")
    wait(driver, lambda: '"duration": 5' in by_id(driver, "code-text").text, message="the code did not follow the duration")
    Select(by_id(driver, "duration")).select_by_value("4")

    # Copied: the whole request, which runs as it is and makes the video the form describes.
    copied = copy_code(driver)
    assert data_uri in copied and "shortened" not in copied
    answer = json.loads(run_snippet(["bash"], copied, api_key))
    task = wait_for_ark_status(base_url, api_key, answer["id"], {"succeeded"}, timeout=RENDER_TIMEOUT)
    assert (task["model"], task["ratio"], task["resolution"], task["duration"], task["seed"], task["generate_audio"]) == \
        ("doubao-seedance-1-5-pro-251215", "16:9", "480p", 4, 11, False), task
    assert task["content"].get("last_frame_url"), task

    # It is exactly what Generate sends.
    driver.execute_script("""
        const send = window.fetch;
        window.sentBodies = [];
        window.fetch = (url, options) => {
          if (options && options.method === 'POST') window.sentBodies.push(options.body);
          return send(url, options);
        };""")
    submit_and_wait(driver)
    sent = driver.execute_script("return window.sentBodies")
    assert len(sent) == 1 and json.loads(sent[0]) == json.loads(copied.split("<<'JSON'\n", 1)[1].rsplit("\nJSON\n", 1)[0])

    # The key written in: the saved one, quoted for the shell.
    set_checkbox(driver, "code-key", True)
    wait(driver, lambda: f"Bearer {api_key}" in by_id(driver, "code-text").text, message="the saved key is not in the code")
    assert "keep it private" in by_id(driver, "code-key-note").text
    Select(by_id(driver, "code-dialect")).select_by_value("anyfast")
    wait(driver, lambda: f"{base_url}/v1/video/generations" in by_id(driver, "code-text").text)
    answer = json.loads(run_snippet(["bash"], copy_code(driver), "not-the-key"))
    wait_for_ark_status(base_url, api_key, answer["id"], {"succeeded"}, timeout=RENDER_TIMEOUT)
    assert_no_page_errors(driver)


def test_the_openai_sdk_snippet_runs_with_an_image_url(driver, base_url, api_key):
    pytest.importorskip("openai", reason="web/requirements.txt installs openai for this test")
    listed = request(base_url, "GET", "/api/v3/contents/generations/tasks?page_size=50&filter.status=succeeded", api_key).json()
    frame_url = next((task["content"]["last_frame_url"] for task in listed["items"] if task["content"].get("last_frame_url")), None)
    if frame_url is None:  # run alone: make a last frame to link to
        made = request(base_url, "POST", "/api/v3/contents/generations/tasks", api_key, body={
            "model": "doubao-seedance-1-0-lite-t2v-250428", "content": [{"type": "text", "text": "A red kite"}],
            "resolution": "480p", "duration": 2, "return_last_frame": True}).json()
        frame_url = wait_for_ark_status(base_url, api_key, made["id"], {"succeeded"})["content"]["last_frame_url"]

    open_playground(driver, base_url, key=api_key)
    allow_clipboard(driver, base_url)
    fill_the_form(driver, "A lighthouse at dawn", "16:9", "480p", "4", "3", audio=True)
    slot = driver.find_element(By.CSS_SELECTOR, "#media-slots .slot[data-role=first_frame]")
    slot.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys(frame_url)
    choose_language(driver, "OpenAI Python SDK")
    wait(driver, lambda: "client.videos.create(" in by_id(driver, "code-text").text)
    shown = by_id(driver, "code-text").text
    for words in ("from openai import OpenAI", f'base_url="{base_url}/v1"', 'os.environ["REELAY_API_KEY"]', 'model="doubao-seedance-1-5-pro-251215"',
                  'prompt="A lighthouse at dawn"', 'seconds="4"', 'size="864x496"', frame_url):
        assert words in shown, f"{words} is not in the code shown:\n{shown}"
    assert "seed" in by_id(driver, "code-note").text, "the note does not say the OpenAI dialect has no seed"

    output = run_snippet([sys.executable, "-"], copy_code(driver), api_key)
    video_id = output.split()[0]
    task = wait_for_ark_status(base_url, api_key, video_id, {"succeeded"}, timeout=RENDER_TIMEOUT)
    assert (task["resolution"], task["ratio"], task["duration"]) == ("480p", "16:9", 4), task

    # The same request as curl to OpenAI's route.
    choose_language(driver, "curl")
    Select(by_id(driver, "code-dialect")).select_by_value("openai")
    wait(driver, lambda: f"{base_url}/v1/videos " in by_id(driver, "code-text").text)
    video = json.loads(run_snippet(["bash"], copy_code(driver), api_key))
    assert (video["size"], video["seconds"]) == ("864x496", "4"), video
    wait_for_ark_status(base_url, api_key, video["id"], {"succeeded"}, timeout=RENDER_TIMEOUT)
    assert_no_page_errors(driver)


def test_the_ark_sdk_snippet_runs(driver, base_url, api_key):
    if not CONTRACT_PYTHON.exists():
        pytest.skip("the Ark SDK lives in .venv-contract (scripts/contract-test makes it)")
    open_playground(driver, base_url, key=api_key)
    allow_clipboard(driver, base_url)
    fill_the_form(driver, "Snow falling on a quiet street", "1:1", "480p", "4", "21", audio=False)
    choose_language(driver, "Ark Python SDK")
    wait(driver, lambda: "client.content_generation.tasks.create(" in by_id(driver, "code-text").text)
    shown = by_id(driver, "code-text").text
    for words in ("from volcenginesdkarkruntime import Ark", f'base_url="{base_url}/api/v3"', 'ratio="1:1"', "seed=21", "generate_audio=False", "duration=4"):
        assert words in shown, f"{words} is not in the code shown:\n{shown}"
    task_id = run_snippet([str(CONTRACT_PYTHON), "-"], copy_code(driver), api_key).strip()
    task = wait_for_ark_status(base_url, api_key, task_id, {"succeeded"}, timeout=RENDER_TIMEOUT)
    assert (task["ratio"], task["seed"], task["generate_audio"]) == ("1:1", 21, False), task


def test_the_last_answer_is_shown_raw(driver, base_url, api_key):
    open_playground(driver, base_url, key=api_key)
    choose_model(driver, "doubao-seedance-1-0-lite-t2v-250428")
    write_prompt(driver, "A slow pan over hills")
    Select(by_id(driver, "resolution")).select_by_value("480p")
    Select(by_id(driver, "duration")).select_by_value("2")
    task_id, _, _, _ = submit_and_wait(driver)
    answer = by_id(driver, "answer-json")
    wait(driver, lambda: answer.is_displayed() and json.loads(answer.text)["data"]["status"] == "SUCCESS",
         message="the last poll's answer is not shown")
    assert json.loads(answer.text)["data"]["task_id"] == task_id
    assert by_id(driver, "answer-summary").text == f"GET /v1/video/generations/{task_id}: HTTP 200"


# MARK: - Accessibility

BADGE_KINDS = ["queued", "running", "succeeded", "failed", "cancelled", "expired"]


def contrast_ratios(browser, elements):
    """The contrast ratio of each element's text on its background as drawn: the colours are
    read with getComputedStyle and painted over each other, from the first opaque ancestor up."""
    return browser.execute_script("""
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 1;
        const paint = canvas.getContext('2d', {willReadFrequently: true});
        const pixel = () => [...paint.getImageData(0, 0, 1, 1).data.slice(0, 3)];
        const luminance = (rgb) => {
          const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        return arguments[0].map((element) => {
          const layers = [];
          for (let node = element; node; node = node.parentElement) {
            const colour = getComputedStyle(node).backgroundColor;
            layers.unshift(colour);
            paint.clearRect(0, 0, 1, 1);
            paint.fillStyle = colour;
            paint.fillRect(0, 0, 1, 1);
            if (paint.getImageData(0, 0, 1, 1).data[3] === 255) break;
          }
          paint.fillStyle = '#ffffff';
          paint.fillRect(0, 0, 1, 1);
          for (const colour of layers) { paint.fillStyle = colour; paint.fillRect(0, 0, 1, 1); }
          const background = luminance(pixel());
          paint.fillStyle = getComputedStyle(element).color;
          paint.fillRect(0, 0, 1, 1);
          const text = luminance(pixel());
          const [light, dark] = text > background ? [text, background] : [background, text];
          return {label: element.textContent, kind: element.className, ratio: (light + 0.05) / (dark + 0.05)};
        });""", elements)


def assert_tab_reaches_every_control(browser):
    """Tab from the top reaches every visible, enabled control of the page, each showing its focus."""
    controls = browser.execute_script("""
        const selector = 'a[href], button, input, select, textarea, summary, [tabindex="0"]';
        const usable = (element) => !element.disabled && (element.getClientRects().length > 0
          || (element.type === 'file' && element.parentElement.getClientRects().length > 0));
        const found = [...document.querySelectorAll(selector)].filter(usable);
        found.forEach((element, index) => { element.dataset.tabProbe = String(index); });
        return found.map((element) => element.id || element.textContent.trim() || element.getAttribute('aria-label'));""")
    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
    # A date-and-time field takes several Tabs (day, month, year, hour, minute): the same control
    # again in a row is a step inside it; the walk ends when it comes round to an earlier one.
    reached, unringed, last = set(), [], None
    for _ in range(len(controls) * 3 + 20):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        probe = active.get_attribute("data-tab-probe")
        if probe is None or probe == last:
            continue
        last = probe
        if probe in reached:
            break
        reached.add(probe)
        if not focus_ring(browser, active):
            unringed.append(controls[int(probe)])
    missed = [name for index, name in enumerate(controls) if str(index) not in reached]
    assert not missed, f"Tab never reaches: {missed}"
    assert not unringed, f"no visible focus on: {unringed}"


def focus_ring(browser, element):
    """How focus shows on `element`: its outline, or its label's (a hidden file input's button)."""
    return browser.execute_script("""
        for (let node = arguments[0]; node && node !== document.body; node = node.parentElement) {
          const style = getComputedStyle(node);
          if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) return style.outlineStyle + ' ' + style.outlineWidth;
          if (style.boxShadow !== 'none') return 'shadow';
          if (node.tagName !== 'INPUT') break;
        }
        return '';""", element)


def test_accessibility_heading_badges_and_keyboard(driver, base_url, api_key, screenshots):
    if task_total(base_url, api_key) == 0:  # run alone: a task for the history to list
        request(base_url, "POST", "/api/v3/contents/generations/tasks", api_key, body={
            "model": "doubao-seedance-1-0-lite-t2v-250428", "content": [{"type": "text", "text": "A red kite"}],
            "resolution": "480p", "duration": 2})
    open_playground(driver, base_url, key=api_key)
    choose_model(driver, "doubao-seedance-1-5-pro-251215")
    wait(driver, lambda: history_ids(driver), message="the history lists no task")

    # One main heading, visible.
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1 and headings[0].is_displayed() and "Reelay" in headings[0].text

    # Every badge reads at 4.5:1 or more: those on screen and one of each status the page shows.
    samples = driver.execute_script("""
        const list = document.getElementById('gallery');
        return arguments[0].map((kind) => {
          const item = document.createElement('li');
          const badge = document.createElement('span');
          badge.className = 'badge status-' + kind;
          badge.textContent = kind;
          item.append(badge);
          list.prepend(item);
          return badge;
        });""", BADGE_KINDS)
    shown = [badge for badge in driver.find_elements(By.CSS_SELECTOR, ".badge") if badge.is_displayed()]
    assert len(shown) > len(BADGE_KINDS)
    try:
        for scheme in ("light", "dark"):
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            low = [entry for entry in contrast_ratios(driver, shown) if entry["ratio"] < 4.5]
            assert not low, f"badges below 4.5:1 in the {scheme} scheme: {low}"
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    driver.execute_script("for (const badge of arguments[0]) badge.parentElement.remove();", samples)

    # Tab reaches every control, in turn, and each shows that it has the focus.
    assert_tab_reaches_every_control(driver)

    # Enter and Space work them: a language of the code, a checkbox, Copy, a task of the history.
    def press(element_id, key):
        driver.execute_script("arguments[0].focus()", by_id(driver, element_id) if element_id[0] != "." else
                              driver.find_element(By.CSS_SELECTOR, element_id))
        ActionChains(driver).send_keys(key).perform()

    allow_clipboard(driver, base_url)
    press(".code-tab[data-language=ark]", Keys.ENTER)
    wait(driver, lambda: "client.content_generation.tasks.create(" in by_id(driver, "code-text").text)
    audio = by_id(driver, "audio").is_selected()
    press("audio", Keys.SPACE)
    assert by_id(driver, "audio").is_selected() != audio
    wait(driver, lambda: f"generate_audio={not audio}" in by_id(driver, "code-text").text,
         message="the code did not follow the audio checkbox")
    press(".code-tab[data-language=openai]", Keys.SPACE)
    wait(driver, lambda: "client.videos.create(" in by_id(driver, "code-text").text)
    press("copy-code", Keys.ENTER)
    wait(driver, lambda: by_id(driver, "copy-status").text == "Copied.")
    first = history_ids(driver)[0]
    press(f".gallery-item[data-id='{first}'] .gallery-open", Keys.ENTER)
    wait(driver, lambda: by_id(driver, "task-id").text == first, message="Enter on a history item did not open it")
    screenshot(driver, screenshots, "desktop-code")
    assert_no_page_errors(driver)


# MARK: - Gallery, orientation, reference clips

ARK_TASKS = "/api/v3/contents/generations/tasks"


def make_clip(folder: Path, name: str, arguments: list[str]) -> Path:
    """A small media file made by ffmpeg (which the server needs too, so it is installed)."""
    path = folder / name
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *arguments, str(path)], check=True, timeout=60)
    return path


def reference_video(folder: Path, width=854, height=480, name="reference.mp4") -> Path:
    return make_clip(folder, name, ["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate=24:duration=2",
                                    "-c:v", "libx264", "-pix_fmt", "yuv420p"])


def reference_audio(folder: Path) -> Path:
    return make_clip(folder, "reference.wav", ["-f", "lavfi", "-i", "sine=frequency=440:duration=2"])


def quick_task(base_url, key, prompt, **fields):
    body = {"model": "doubao-seedance-1-0-lite-t2v-250428", "content": [{"type": "text", "text": prompt}],
            "resolution": "480p", "duration": 2, **fields}
    answer = request(base_url, "POST", ARK_TASKS, key, body=body)
    assert answer.status == 200, answer.body
    return answer.json()["id"]


def gallery_item(browser, task_id):
    return browser.find_element(By.CSS_SELECTOR, f".gallery-item[data-id='{task_id}']")


def item_action(browser, task_id, action):
    """A gallery item's action, scrolled to the middle of the screen (clear of the sticky top bar)."""
    control = gallery_item(browser, task_id).find_element(By.CSS_SELECTOR, f"[data-action='{action}']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", control)
    return control


def thumbnails_loaded(browser):
    """For each succeeded task the gallery shows: whether its picture has loaded (naturalWidth > 0)."""
    return browser.execute_script("""
        return [...document.querySelectorAll(".gallery-item[data-status='succeeded']")].map((item) => {
          const image = item.querySelector('.g-image');
          return Boolean(image && image.complete && image.naturalWidth > 0);
        });""")


def test_the_gallery_pages_downloads_reuses_cancels_and_deletes(driver, base_url, api_key, screenshots, tmp_path):
    # Settings to use again, then enough tasks for a second page, the newest ones still queued.
    reused = quick_task(base_url, api_key, "A cat on a skateboard, rolling downhill", model="doubao-seedance-1-5-pro-251215",
                        ratio="1:1", duration=4, seed=42, camera_fixed=True, watermark=True, generate_audio=False,
                        return_last_frame=False)
    wait_for_ark_status(base_url, api_key, reused, {"succeeded"}, timeout=RENDER_TIMEOUT)
    # 13 + 7 newer tasks: the reused one opens page 2, whatever earlier tests left.
    for index in range(13):
        quick_task(base_url, api_key, f"Filler {index}")
    for index in range(6):
        quick_task(base_url, api_key, f"Waiting in line {index}", duration=5)
    queued = quick_task(base_url, api_key, "Cancel me before I start", duration=5)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    open_playground(driver, base_url, key=api_key)

    # Cancel the queued one: it stays, cancelled.
    wait(driver, lambda: queued in history_ids(driver), message="the newest task is not in the gallery")
    assert gallery_item(driver, queued).get_attribute("data-status") == "queued", "the task started before the test could cancel it"
    item_action(driver, queued, "cancel").click()
    wait(driver, lambda: gallery_item(driver, queued).get_attribute("data-status") == "cancelled"
         and "Cancelled" in gallery_item(driver, queued).text, message="the cancelled task does not say so")
    assert request(base_url, "GET", f"{ARK_TASKS}/{queued}", api_key).json()["status"] == "cancelled"

    # Each item: prompt, status, percent, model, size, length; usage and a loaded picture once done.
    listed = request(base_url, "GET", f"{ARK_TASKS}?page_size=20", api_key).json()
    total = listed["total"]
    assert total > 20
    wait(driver, lambda: "Page 1 of" in by_id(driver, "gallery-page").text and by_id(driver, "gallery-pager").is_displayed())
    assert f"of {total}" in by_id(driver, "gallery-status").text
    text = gallery_item(driver, listed["items"][1]["id"]).text
    assert "Waiting in line" in text and "doubao-seedance-1-0-lite-t2v-250428" in text and "480p" in text, text

    # Page 2 holds the older tasks, among them the one to reuse; its thumbnails load.
    by_id(driver, "gallery-next").click()
    second = request(base_url, "GET", f"{ARK_TASKS}?page_size=20&page_num=2", api_key).json()
    wait(driver, lambda: history_ids(driver) == [task["id"] for task in second["items"]], message="page 2 does not show the older tasks")
    assert "Page 2 of" in by_id(driver, "gallery-page").text and history_ids(driver)[0] == reused
    wait(driver, lambda: all(thumbnails_loaded(driver)) and thumbnails_loaded(driver), timeout=60,
         message=f"thumbnails did not load: {thumbnails_loaded(driver)}")
    item = gallery_item(driver, reused)
    assert "A cat on a skateboard" in item.text and "Succeeded" in item.text and "100%" in item.text, item.text
    usage = item.find_element(By.CSS_SELECTOR, ".g-usage").text
    assert "tokens" in usage and "4 s of video" in usage, usage
    screenshot(driver, screenshots, "desktop-gallery")
    check_layout(layout_report(driver, ["gallery", "gallery-pager"]), ["gallery", "gallery-pager"], "desktop gallery")

    # Download: saved under the prompt's words and the task id.
    name = f"a-cat-on-a-skateboard-rolling-downhill-{reused}.mp4"
    link = item_action(driver, reused, "download")
    assert link.get_attribute("download") == name
    link.click()
    saved = tmp_path / name
    poll_until(lambda: saved.exists() and not (tmp_path / (name + ".crdownload")).exists(), bool,
               what=f"{name} being downloaded (folder: {[path.name for path in tmp_path.iterdir()]})", timeout=30, interval=0.2)
    assert saved.read_bytes()[4:8] == b"ftyp" and saved.stat().st_size > 10_000

    # Use these settings again: the form holds the task's request.
    item_action(driver, reused, "reuse").click()
    wait(driver, lambda: by_id(driver, "prompt").get_attribute("value") == "A cat on a skateboard, rolling downhill")
    selected = {element_id: Select(by_id(driver, element_id)).first_selected_option.get_attribute("value")
                for element_id in ("model", "ratio", "resolution", "duration")}
    assert selected == {"model": "doubao-seedance-1-5-pro-251215", "ratio": "1:1", "resolution": "480p", "duration": "4"}, selected
    assert by_id(driver, "seed").get_attribute("value") == "42"
    assert by_id(driver, "camera-fixed").is_selected() and by_id(driver, "watermark").is_selected()
    assert not by_id(driver, "audio").is_selected()
    assert reused in by_id(driver, "reuse-note").text and by_id(driver, "reuse-note").is_displayed()
    wait(driver, lambda: in_view(driver, by_id(driver, "prompt")), message="the form is not brought into view")

    # Open it: the task view shows its usage; delete it: gone from the server and the gallery.
    click_history_item(driver, reused)
    wait(driver, lambda: "tokens" in by_id(driver, "task-usage").text and by_id(driver, "task-usage").is_displayed(),
         message="the task view shows no usage")
    wait(driver, lambda: by_id(driver, "video-link").get_attribute("download") == name,
         message="the task view's download link is not named after the prompt")
    item_action(driver, reused, "delete").click()
    wait(driver, lambda: reused not in history_ids(driver), message="the deleted task is still shown")
    assert request(base_url, "GET", f"{ARK_TASKS}/{reused}", api_key).status == 404
    assert not by_id(driver, "task-view").is_displayed(), "the deleted task is still open"
    assert_no_page_errors(driver)

    # At phone width: no sideways scrolling, the gallery's cards side by side neither overlap nor stick out.
    emulate(driver, PHONE, mobile=True)
    try:
        driver.execute_script("arguments[0].scrollIntoView()", by_id(driver, "gallery"))
        ids = driver.execute_script("""
            return [...document.querySelectorAll('.gallery-item')].slice(0, 4).map((item, index) => {
              item.id = 'gallery-item-' + index; return item.id; });""")
        check_layout(layout_report(driver, ids + ["gallery-pager"]), ids + ["gallery-pager"], "phone gallery")
        screenshot(driver, screenshots, "phone-gallery")
    finally:
        emulate(driver, DESKTOP, mobile=False)


def test_the_form_orients_a_person(driver, base_url, api_key, screenshots, tmp_path):
    open_playground(driver, base_url, key=api_key)
    choose_model(driver, "doubao-seedance-2.0-fast")

    # A prompt counter with the model's limit.
    write_prompt(driver, "A kite")
    wait(driver, lambda: by_id(driver, "prompt-count").text == "6 / 4000 characters")

    # One line of help for each option.
    for element_id, words in (("ratio-help", "Adaptive"), ("camera-fixed-help", "camera stays still"), ("draft-help", "480p"),
                              ("seed-help", "same seed"), ("watermark-help", "Generated by AI"), ("return-last-frame-help", "final frame")):
        if element_id == "draft-help":
            choose_model(driver, "doubao-seedance-1-5-pro-251215")
        assert by_id(driver, element_id).is_displayed() and words in by_id(driver, element_id).text, element_id
    choose_model(driver, "doubao-seedance-2.0-fast")

    # Slots the model cannot combine are disabled, their reason shown.
    def slot(role, index=0):
        return driver.find_elements(By.CSS_SELECTOR, f"#media-slots .slot[data-role={role}]")[index]

    def reason(role):
        return slot(role).find_element(By.CSS_SELECTOR, ".slot-reason").text

    def url_field(role):
        return slot(role).find_element(By.CSS_SELECTOR, "input[type=text]")

    assert not url_field("last_frame").is_enabled() and "needs one beside it" in reason("last_frame")
    assert not url_field("reference_audio").is_enabled() and "reference image or video first" in reason("reference_audio")
    assert url_field("reference_video").is_enabled()
    url_field("first_frame").send_keys("data:image/png;base64," + base64.b64encode(png(64, 48)).decode())
    wait(driver, lambda: not url_field("reference_video").is_enabled() and "cannot combine" in reason("reference_video"))
    assert url_field("last_frame").is_enabled()
    screenshot(driver, screenshots, "desktop-disabled-slot")
    url_field("first_frame").send_keys(Keys.CONTROL, "a")
    url_field("first_frame").send_keys(Keys.DELETE)
    wait(driver, lambda: url_field("reference_video").is_enabled())

    # A refusal that names a request path is shown at its slot in the form's words.
    small = reference_video(tmp_path, 320, 240, "small.mp4")
    # (Pasted, as typing a long data: URI key by key would take minutes.)
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                          url_field("reference_video"), "data:video/mp4;base64," + base64.b64encode(small.read_bytes()).decode())
    scroll_to_generate(driver)
    by_id(driver, "submit").click()
    error = wait_for_error_under(driver, url_field("reference_video"), "Reference video 1", "HTTP 400")
    assert "content[" not in error and "video_url" not in error, error
    screenshot(driver, screenshots, "desktop-slot-error")
    assert_no_page_errors(driver)


def test_reference_video_and_audio_make_a_video(driver, base_url, api_key, tmp_path):
    clip, sound = reference_video(tmp_path), reference_audio(tmp_path)
    open_playground(driver, base_url, key=api_key)
    choose_model(driver, "doubao-seedance-2.0-fast")
    write_prompt(driver, "The test pattern dances to the tone")
    Select(by_id(driver, "resolution")).select_by_value("480p")
    Select(by_id(driver, "duration")).select_by_value("4")
    Select(by_id(driver, "ratio")).select_by_value("16:9")
    for role, path in (("reference_video", clip), ("reference_audio", sound)):
        slot = driver.find_element(By.CSS_SELECTOR, f"#media-slots .slot[data-role={role}]")
        field = slot.find_element(By.CSS_SELECTOR, "input[type=text]")
        wait(driver, lambda: field.is_enabled(), message=f"the {role} slot stays disabled")
        slot.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
        wait(driver, lambda: field.get_attribute("value").startswith("asset://"), message=f"the {role} upload did not become an asset")
    assert '"type": "video_url"' in by_id(driver, "code-text").text and '"role": "reference_audio"' in by_id(driver, "code-text").text
    task_id, _, _, _ = submit_and_wait(driver)
    wait_until_playable(driver)
    assert play(driver)["ok"]
    wait(driver, lambda: "4 s of video" in by_id(driver, "task-usage").text, message="no usage on the task view")
    assert_no_page_errors(driver)
