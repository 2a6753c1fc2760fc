"""The operator console (/console), as an operator uses it, in Debian's headless Chromium.

The operator signs in with the admin key (a wrong key is refused, the right one checked with the
server and kept for the tab only), creates a key and sees its secret once, sets its budget and
reads its balance; creates tasks with that key through the API and finds them in the task list,
filters it, opens one (request, events, result link, cost) and cancels one; reads the usage
charts and table and the channel report. Every number the console shows is compared with the
admin API's own answer. The page is checked at desktop and phone widths for sideways scrolling
and overlaps, for one main heading, 4.5:1 contrast and a keyboard walk.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import request, wait_for_ark_status
from tests_support import poll_until
from test_playground import (DESKTOP, PHONE, RENDER_TIMEOUT, assert_no_page_errors, assert_tab_reaches_every_control, by_id,
                             check_layout, contrast_ratios, driver, emulate, layout_report, screenshot, wait)  # noqa: F401 (driver: a fixture)

ARK_TASKS = "/api/v3/contents/generations/tasks"
LITE = "doubao-seedance-1-0-lite-t2v-250428"


# MARK: - Helpers

def admin(base_url, api_key, method, path, body=None):
    answer = request(base_url, method, path, api_key, body=body)
    assert answer.status == 200, (path, answer.status, answer.body)
    return answer.json()


def open_console(browser, base_url, key=None):
    """The console in a fresh tab state; signed in with `key` when given."""
    # Cleared from another page of the origin: the console itself could be signing in meanwhile.
    browser.get(base_url + "/healthz")
    browser.execute_script("sessionStorage.clear();")
    browser.get(base_url + "/console")
    wait(browser, lambda: by_id(browser, "login-form").is_displayed(), message="the sign-in form is not shown")
    if key:
        sign_in(browser, key)
        wait(browser, lambda: by_id(browser, "console").is_displayed(), message="the console did not open")


def sign_in(browser, key):
    field = by_id(browser, "admin-key")
    field.clear()
    field.send_keys(key)
    by_id(browser, "login-submit").click()


def number(text):
    """The first amount in a text (`12.50 USD`, `Total 30.00 · Today 5.00`)."""
    match = re.search(r"-?\d+(?:\.\d+)?", text)
    assert match, f"no number in {text!r}"
    return float(match.group(0))


def labelled(text, label):
    """The amount after `label` in a text like `Total 30.00 · Today 5.00`."""
    match = re.search(re.escape(label) + r" (-?\d+(?:\.\d+)?)", text)
    assert match, f"no {label} in {text!r}"
    return float(match.group(1))


def key_row(browser, key_id):
    return browser.find_element(By.CSS_SELECTOR, f"#keys-table tr[data-id='{key_id}']")


def task_row_status(browser, task_id):
    rows = browser.find_elements(By.CSS_SELECTOR, f"#tasks-table tr[data-id='{task_id}']")
    return rows[0].get_attribute("data-status") if rows else None


def shown_task_ids(browser):
    return browser.execute_script("return [...document.querySelectorAll('#tasks-table tbody tr')].map(row => row.dataset.id);")


def key_by_name(base_url, api_key, name):
    return next(key for key in admin(base_url, api_key, "GET", "/admin/keys")["data"] if key["name"] == name)


def create_task(base_url, key, prompt, **fields):
    body = {"model": LITE, "content": [{"type": "text", "text": prompt}], "resolution": "480p", "duration": 2, **fields}
    answer = request(base_url, "POST", ARK_TASKS, key, body=body)
    assert answer.status == 200, answer.body
    return answer.json()["id"]


def click(browser, element):
    """Clicks with the element in the middle of the screen, clear of the sticky top bar."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


@pytest.fixture(scope="module")
def shop(driver, base_url, api_key):
    """A key made in the console (its secret read from the page once), with a budget."""
    open_console(driver, base_url, api_key)
    by_id(driver, "new-key-name").send_keys("console-shop")
    by_id(driver, "new-key-budget").send_keys("25")
    click(driver, by_id(driver, "create-key"))
    wait(driver, lambda: by_id(driver, "new-secret").is_displayed() and by_id(driver, "new-secret-value").text,
         message="the new key's secret is not shown")
    secret = by_id(driver, "new-secret-value").text
    key = key_by_name(base_url, api_key, "console-shop")
    return {"id": key["id"], "secret": secret}


# MARK: - Tests

def test_console_sign_in_refuses_a_wrong_key_and_keeps_the_right_one_for_the_tab(driver, base_url, api_key, other_api_key):
    open_console(driver, base_url)
    # A key the server accepts for the API, but not the admin key: refused, nothing kept.
    sign_in(driver, other_api_key)
    wait(driver, lambda: by_id(driver, "login-error").is_displayed(), message="a wrong key was not refused")
    assert "not the admin key" in by_id(driver, "login-error").text
    assert not by_id(driver, "console").is_displayed()
    assert driver.execute_script("return sessionStorage.getItem('reelay.adminKey')") is None
    assert driver.execute_script("return localStorage.getItem('reelay.adminKey')") is None

    sign_in(driver, api_key)
    wait(driver, lambda: by_id(driver, "console").is_displayed(), message="the right key did not open the console")
    assert not by_id(driver, "login-error").is_displayed()
    assert driver.execute_script("return sessionStorage.getItem('reelay.adminKey')") == api_key
    # A reload keeps the session; signing out forgets it.
    driver.refresh()
    wait(driver, lambda: by_id(driver, "console").is_displayed(), message="a reload lost the session")
    click(driver, by_id(driver, "logout"))
    wait(driver, lambda: by_id(driver, "login-form").is_displayed())
    assert driver.execute_script("return sessionStorage.getItem('reelay.adminKey')") is None
    assert_no_page_errors(driver)


def test_console_creates_a_key_shows_its_secret_once_and_sets_its_budget(driver, base_url, api_key, shop, screenshots):
    # The secret shown is the key's: it works against the API.
    assert shop["secret"] and request(base_url, "GET", ARK_TASKS, shop["secret"]).status == 200
    assert request(base_url, "GET", "/admin/keys", api_key).body.find(shop["secret"].encode()) == -1
    click(driver, by_id(driver, "dismiss-secret"))
    wait(driver, lambda: not by_id(driver, "new-secret").is_displayed())
    assert shop["secret"] not in driver.page_source, "the secret stays in the page after Done"

    # The key's row: its budget, spend and balance, as the API has them.
    wait(driver, lambda: key_row(driver, shop["id"]))
    row = key_row(driver, shop["id"])
    key = key_by_name(base_url, api_key, "console-shop")
    assert labelled(row.find_element(By.CLASS_NAME, "k-budget").text, "Total") == pytest.approx(key["budget"]["total"]) == 25
    assert number(row.find_element(By.CLASS_NAME, "k-spent").text) == pytest.approx(key["spend"]["total"])
    assert labelled(row.find_element(By.CLASS_NAME, "k-remaining").text, "Total") == pytest.approx(key["spend"]["remaining"]["total"])

    # Change its budget and a limit.
    click(driver, row.find_element(By.CSS_SELECTOR, "[data-action='edit']"))
    wait(driver, lambda: by_id(driver, "key-editor").is_displayed())
    assert by_id(driver, "edit-name").get_attribute("value") == "console-shop"
    for field, value in (("budget_total", "30"), ("budget_daily", "5"), ("max_queued", "40")):
        by_id(driver, f"edit-{field}").clear()
        by_id(driver, f"edit-{field}").send_keys(value)
    click(driver, by_id(driver, "save-key"))
    wait(driver, lambda: not by_id(driver, "key-editor").is_displayed(), message="the change was not saved")
    key = key_by_name(base_url, api_key, "console-shop")
    assert key["budget"]["total"] == 30 and key["budget"]["daily"] == 5 and key["limits"]["max_queued"] == 40
    wait(driver, lambda: "Total 30.00" in key_row(driver, shop["id"]).find_element(By.CLASS_NAME, "k-budget").text)
    remaining = key_row(driver, shop["id"]).find_element(By.CLASS_NAME, "k-remaining").text
    assert labelled(remaining, "Total") == pytest.approx(key["spend"]["remaining"]["total"])
    assert labelled(remaining, "Today") == pytest.approx(key["spend"]["remaining"]["daily"])
    assert "40 queued" in key_row(driver, shop["id"]).text

    # Every key row's numbers against the API.
    for listed in admin(base_url, api_key, "GET", "/admin/keys")["data"]:
        row = key_row(driver, listed["id"])
        assert number(row.find_element(By.CLASS_NAME, "k-spent").text) == pytest.approx(listed["spend"]["total"])
        left = listed["spend"]["remaining"]
        text = row.find_element(By.CLASS_NAME, "k-remaining").text
        if left["total"] is not None:
            assert labelled(text, "Total") == pytest.approx(left["total"])
        elif left["daily"] is None and left["monthly"] is None:
            assert text == "Unlimited"
    screenshot(driver, screenshots, "console-keys-desktop")
    assert_no_page_errors(driver)


def test_console_lists_filters_opens_and_cancels_tasks(driver, base_url, api_key, other_api_key, shop, screenshots):
    done = create_task(base_url, shop["secret"], "A paper boat on a pond")
    other = create_task(base_url, other_api_key, "Someone else's lighthouse")
    wait_for_ark_status(base_url, shop["secret"], done, {"succeeded"}, timeout=RENDER_TIMEOUT)
    # Two workers: longer renders ahead keep the last one waiting in the queue.
    for index in range(6):
        create_task(base_url, shop["secret"], f"Waiting in line {index}", duration=5)
    queued = create_task(base_url, shop["secret"], "Cancel me before I start", duration=5)

    open_console(driver, base_url, api_key)
    # Every key's tasks, newest first, the count as the API has it; the queued one cancelled first.
    wait(driver, lambda: shown_task_ids(driver)[:1] == [queued], message="the newest task is not listed first")
    assert task_row_status(driver, queued) == "queued", "the task started before the test could cancel it"
    click(driver, driver.find_element(By.CSS_SELECTOR, f"#tasks-table tr[data-id='{queued}'] [data-action='cancel']"))
    wait(driver, lambda: task_row_status(driver, queued) == "cancelled", message="the cancelled task does not say so")
    assert request(base_url, "GET", f"{ARK_TASKS}/{queued}", shop["secret"]).json()["status"] == "cancelled"
    listing = admin(base_url, api_key, "GET", "/admin/tasks?limit=20")
    assert number(by_id(driver, "tasks-count").text) == listing["total"]
    assert other in [task["id"] for task in listing["data"]] and other in shown_task_ids(driver)

    # Filtered by key: only the shop's tasks, counted as the API counts them.
    Select(by_id(driver, "filter-key")).select_by_value(shop["id"])
    click(driver, by_id(driver, "apply-filters"))
    mine = admin(base_url, api_key, "GET", f"/admin/tasks?owner={shop['id']}&limit=20")
    wait(driver, lambda: shown_task_ids(driver) == [task["id"] for task in mine["data"]], message="the key filter")
    assert number(by_id(driver, "tasks-count").text) == mine["total"] == 8
    assert other not in shown_task_ids(driver)

    # By status, model and time too.
    Select(by_id(driver, "filter-status")).select_by_value("cancelled")
    click(driver, by_id(driver, "apply-filters"))
    wait(driver, lambda: shown_task_ids(driver) == [queued], message="the status filter")
    assert number(by_id(driver, "tasks-count").text) == 1
    Select(by_id(driver, "filter-status")).select_by_value("succeeded")
    Select(by_id(driver, "filter-model")).select_by_value(LITE)
    click(driver, by_id(driver, "apply-filters"))
    succeeded = admin(base_url, api_key, "GET", f"/admin/tasks?owner={shop['id']}&status=succeeded&model={LITE}")
    wait(driver, lambda: shown_task_ids(driver) == [task["id"] for task in succeeded["data"]], message="the model filter")
    assert done in shown_task_ids(driver)
    assert number(by_id(driver, "tasks-count").text) == succeeded["total"]
    driver.execute_script("arguments[0].value = '2000-01-01T00:00'", by_id(driver, "filter-until"))
    click(driver, by_id(driver, "apply-filters"))
    wait(driver, lambda: shown_task_ids(driver) == [], message="the time filter")
    assert by_id(driver, "tasks-count").text == "0 tasks"
    driver.execute_script("arguments[0].value = ''", by_id(driver, "filter-until"))
    click(driver, by_id(driver, "apply-filters"))
    wait(driver, lambda: done in shown_task_ids(driver))

    # Open the finished one: its request, its events, its result link and its cost.
    row = driver.find_element(By.CSS_SELECTOR, f"#tasks-table tr[data-id='{done}']")
    click(driver, row.find_element(By.CSS_SELECTOR, "[data-action='open']"))
    wait(driver, lambda: by_id(driver, "task-detail").is_displayed() and by_id(driver, "detail-id").text == done)
    detail = admin(base_url, api_key, "GET", f"/admin/tasks/{done}")
    assert "A paper boat on a pond" in by_id(driver, "detail-request").text
    events = [item.get_attribute("data-type") for item in driver.find_elements(By.CSS_SELECTOR, "#detail-events li")]
    assert events == [event["type"] for event in detail["events"]] and events[0] == "created" and "succeeded" in events
    link = urlsplit(by_id(driver, "detail-video").get_attribute("href"))
    assert by_id(driver, "detail-video").is_displayed() and link.path == urlsplit(detail["video_url"]).path
    assert request(base_url, "GET", f"{link.path}?{link.query}").status == 200
    cost = driver.find_element(By.CSS_SELECTOR, "#detail-facts dd[data-fact='cost']").text
    assert number(cost) == pytest.approx(detail["cost"]["cost"]) and detail["cost"]["state"] in cost
    assert not by_id(driver, "detail-cancel").is_displayed()
    click(driver, by_id(driver, "detail-close"))
    screenshot(driver, screenshots, "console-tasks-desktop")
    assert_no_page_errors(driver)


def wait_until_idle(base_url, api_key):
    """Until no task is queued or running, so that the usage the page reads is the API's."""
    def active():
        return sum(admin(base_url, api_key, "GET", f"/admin/tasks?status={status}&limit=1")["total"] for status in ("queued", "running"))
    poll_until(active, lambda count: count == 0, what="every task ending", timeout=RENDER_TIMEOUT, interval=0.5)


def test_console_usage_charts_table_and_channels(driver, base_url, api_key, shop, screenshots):
    if not admin(base_url, api_key, "GET", "/admin/usage?days=30")["daily"]:  # run alone: one task to count
        create_task(base_url, shop["secret"], "A lantern")
    wait_until_idle(base_url, api_key)
    open_console(driver, base_url, api_key)
    usage = admin(base_url, api_key, "GET", "/admin/usage?days=30")
    rows = usage["daily"]
    wait(driver, lambda: len(driver.find_elements(By.CSS_SELECTOR, "#usage-table tbody tr")) == len(rows),
         message="the usage table does not list every daily row")
    # The summary: tasks, seconds and spend over the period, as the API's rows add up.
    summary = by_id(driver, "usage-summary").text
    tasks, seconds, spend = [float(value) for value in re.findall(r"(\d+(?:\.\d+)?)", summary)[:3]]
    assert tasks == sum(row["tasks"] for row in rows)
    assert seconds == sum(row["video_seconds"] for row in rows)
    assert spend == pytest.approx(sum(row["cost"] for row in rows))
    # Each table row against the API's row of that day, key and model.
    names = {key["id"]: key["name"] for key in admin(base_url, api_key, "GET", "/admin/keys")["data"]}
    shown = driver.execute_script("""
        return [...document.querySelectorAll('#usage-table tbody tr')].map(row => [...row.cells].map(cell => cell.textContent));""")
    expected = {(row["day"], names.get(row["owner"], row["owner"]), row["model"]): row for row in rows}
    for day, key, model, count, secs, cost in shown:
        row = expected[(day, key, model)]
        assert (int(count), int(secs)) == (row["tasks"], row["video_seconds"]) and number(cost) == pytest.approx(row["cost"])
    # Both charts are drawn here, one bar segment per day and model with something to show.
    segments = driver.execute_script("return document.querySelectorAll('#chart-seconds svg rect').length;")
    assert segments == len({(row["day"], row["model"]) for row in rows if row["video_seconds"] > 0})
    assert driver.find_element(By.CSS_SELECTOR, "#chart-spend svg").get_attribute("role") == "img"
    legend = [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#chart-legend li")]
    assert legend == sorted({row["model"] for row in rows})

    # The shop's balance now that its tasks have settled: spent and left, as the API has them.
    key = key_by_name(base_url, api_key, "console-shop")
    row = key_row(driver, shop["id"])
    assert number(row.find_element(By.CLASS_NAME, "k-spent").text) == pytest.approx(key["spend"]["total"])
    assert labelled(row.find_element(By.CLASS_NAME, "k-remaining").text, "Total") == pytest.approx(key["spend"]["remaining"]["total"])

    # No routing file here: the channel report says only the local renderer is configured.
    assert admin(base_url, api_key, "GET", "/admin/channels") == {"object": "list", "routing": False, "data": []}
    assert "only the local renderer is configured" in by_id(driver, "channels-note").text
    assert not by_id(driver, "channels-table").is_displayed()
    screenshot(driver, screenshots, "console-usage-desktop", full_page=True)
    assert_no_page_errors(driver)


LAYOUT_IDS = ["keys-section", "usage-section", "tasks-section", "channels-section"]


@pytest.mark.parametrize("size, mobile, label", [(DESKTOP, False, "desktop"), (PHONE, True, "phone")])
def test_console_layout_at_desktop_and_phone_widths(driver, base_url, api_key, shop, screenshots, size, mobile, label):
    emulate(driver, size, mobile)
    try:
        open_console(driver, base_url, api_key)
        wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#keys-table tbody tr"))
        report = layout_report(driver, LAYOUT_IDS + ["create-key", "apply-filters", "usage-days"])
        check_layout(report, LAYOUT_IDS, label)
        for element_id in ("create-key", "apply-filters", "usage-days"):
            box = report["boxes"][element_id]
            assert box["visible"] and box["right"] <= report["innerWidth"] + 0.5, f"{label}: #{element_id} sticks out"
        screenshot(driver, screenshots, f"console-{label}", full_page=True)
    finally:
        emulate(driver, DESKTOP, mobile=False)


def test_console_accessibility_heading_contrast_and_keyboard(driver, base_url, api_key, shop, screenshots):
    # A task of its own, so the task list has a row to open when this test runs alone.
    create_task(base_url, shop["secret"], "a lighthouse for the keyboard walk")
    open_console(driver, base_url)
    # Signing in by keyboard alone.
    by_id(driver, "admin-key").send_keys(api_key, Keys.ENTER)
    wait(driver, lambda: by_id(driver, "console").is_displayed(), message="Enter did not sign in")
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#tasks-table tbody tr"))

    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1 and headings[0].is_displayed() and "Reelay" in headings[0].text

    # Text, badges and buttons read at 4.5:1 or more in both schemes.
    try:
        for scheme in ("light", "dark"):
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            elements = [element for element in driver.find_elements(
                By.CSS_SELECTOR, ".badge, th, td, .hint, button:not(:disabled), label, figcaption, .legend li span:last-child")
                if element.is_displayed() and element.text.strip()]
            assert len(elements) > 10
            low = [entry for entry in contrast_ratios(driver, elements) if entry["ratio"] < 4.5]
            assert not low, f"below 4.5:1 in the {scheme} scheme: {low[:5]}"
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})

    # Tab reaches every control, each showing its focus.
    assert_tab_reaches_every_control(driver)

    # Enter opens a task from the list.
    first = shown_task_ids(driver)[0]
    button = driver.find_element(By.CSS_SELECTOR, f"#tasks-table tr[data-id='{first}'] [data-action='open']")
    driver.execute_script("arguments[0].focus()", button)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait(driver, lambda: by_id(driver, "detail-id").text == first, message="Enter on Open did not open the task")
    screenshot(driver, screenshots, "console-detail")
    assert_no_page_errors(driver)
