"""A person in a browser: sign in, pick a project, activate a role, see it active."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

import cloud
from browser import (
    BROWSER_TIME_ZONE,
    entitlement_row,
    fill_activation_form,
    open_project,
    sign_in,
    submit_and_wait,
    wait_for,
)
from demo_server import DemoServer
from http_client import FormSession

PROJECT = "prod-db"
ROLE = "roles/cloudsql.viewer"
ALICE = "alice@example.com"


def activate(driver: WebDriver, server: DemoServer, justification: str, minutes: int = 30) -> None:
    """Signs in as alice and activates the viewer role on prod-db, ending on the result page."""
    sign_in(driver, server.url, ALICE)
    open_project(driver, server.url, PROJECT)
    assert entitlement_row(driver, ROLE, "JIT").get_attribute("data-status") == "INACTIVE"
    fill_activation_form(driver, ROLE, justification, minutes)
    result = submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button#activate"), "section#result")
    activated = result.find_elements(By.CSS_SELECTOR, f'li.activated[data-role="{ROLE}"]')
    assert len(activated) == 1, f"the result page should list {ROLE} once:\n{driver.page_source[:3000]}"


def active_end_time(driver: WebDriver, server: DemoServer):
    """Back on the project page: the row is ACTIVE; returns its <time> element."""
    open_project(driver, server.url, PROJECT)
    row = entitlement_row(driver, ROLE, "JIT")
    assert row.get_attribute("data-status") == "ACTIVE", driver.page_source[:3000]
    return row.find_element(By.CSS_SELECTOR, ".status time")


def server_rendered_time_text(driver: WebDriver, server: DemoServer, iso: str) -> str:
    """The <time> text exactly as the server sent it, before any script ran (same session)."""
    session = FormSession(server.url, {c["name"]: c["value"] for c in driver.get_cookies()})
    page = session.send("GET", f"/projects/{PROJECT}")
    assert page.status == 200, page.describe()
    match = re.search(rf'<time\b[^>]*\bdatetime="{re.escape(iso)}"[^>]*>(.*?)</time>', page.text, flags=re.S)
    assert match, f"no <time datetime={iso!r}> in the server's page"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def hour_minute_patterns(hour: int, minute: int) -> list[str]:
    """`H:MM` in 24- and 12-hour form, padded or not."""
    twelve = hour % 12 or 12
    hours = {str(hour), f"{hour:02}", str(twelve), f"{twelve:02}"}
    return [rf"(?<!\d){h}:{minute:02}(?!\d)" for h in hours]


def assert_one_new_activation(before: dict, after: dict, justification: str, minutes: int, requested_at: datetime) -> None:
    """Exactly one binding was added, in jitaccess's exact format, and nothing else changed."""
    added, removed = cloud.added_and_removed(before, after)
    assert removed == [], f"bindings were removed: {removed}"
    assert len(added) == 1, f"expected exactly one new binding, got {added}"
    resource, binding = added[0]
    assert resource == f"projects/{PROJECT}"
    assert set(binding) == {"role", "members", "condition"}, binding
    assert binding["role"] == ROLE
    assert binding["members"] == [f"user:{ALICE}"]
    condition = binding["condition"]
    assert set(condition) == {"title", "description", "expression"}, condition
    assert condition["title"] == "JIT access activation"
    assert condition["description"] == f"Self-approved, justification: {justification}"
    activation = cloud.parse_activation(binding)
    assert activation is not None
    assert activation.end - activation.start == timedelta(minutes=minutes)
    assert abs(activation.start - requested_at) <= timedelta(minutes=1), (activation.start, requested_at)
    # Everything outside prod-db's policy is byte-for-byte the same data, etags included.
    project = f"projects/{PROJECT}"
    assert cloud.without_policy_of(before, project) == cloud.without_policy_of(after, project)


def test_alice_activates_a_role_and_sees_it_active_in_her_time_zone(demo: DemoServer, browser: WebDriver) -> None:
    before = cloud.load(demo.cloud_file)
    justification = "Case 4711: slow queries on orders"
    requested_at = datetime.now(timezone.utc)

    activate(browser, demo, justification, minutes=30)

    time_element = active_end_time(browser, demo)
    iso = time_element.get_attribute("datetime")
    end = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    assert timedelta(minutes=29) <= end - requested_at <= timedelta(minutes=31), (iso, requested_at)
    zone, local_hour, local_minute = browser.execute_script(
        "const d = new Date(arguments[0]);"
        "return [Intl.DateTimeFormat().resolvedOptions().timeZone, d.getHours(), d.getMinutes()];", iso)
    assert zone == BROWSER_TIME_ZONE, "the browser did not run in the expected time zone"
    shown = time_element.text
    assert any(re.search(p, shown) for p in hour_minute_patterns(local_hour, local_minute)), (
        f"the end time {iso} should read {local_hour}:{local_minute:02} ({BROWSER_TIME_ZONE}), the page shows {shown!r}")
    assert shown != server_rendered_time_text(browser, demo, iso), "the time was not rewritten to local time"

    assert_one_new_activation(before, cloud.load(demo.cloud_file), justification, 30, requested_at)


def test_a_justification_the_server_refuses_shows_an_error(demo: DemoServer, browser: WebDriver) -> None:
    before = demo.cloud_file.read_bytes()
    sign_in(browser, demo.url, ALICE)
    open_project(browser, demo.url, PROJECT)
    field = browser.find_element(By.CSS_SELECTOR, "#justification")
    # The page limits the field; a hand-made request need not, so lift the limit.
    browser.execute_script("arguments[0].removeAttribute('maxlength'); arguments[0].removeAttribute('pattern');", field)
    fill_activation_form(browser, ROLE, "x" * 101, 30)
    error = submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button#activate"), 'div.error[role="alert"]')
    assert "100" in error.text, f"the error should say what the limit is: {error.text!r}"
    assert browser.find_elements(By.CSS_SELECTOR, "section#result li.activated") == []
    assert demo.cloud_file.read_bytes() == before, "a refused activation changed cloud.json"


def test_markup_in_a_justification_is_shown_as_text(demo: DemoServer, browser: WebDriver) -> None:
    justification = '<img src=x id=injected onerror="document.body.dataset.injected=1">'
    activate(browser, demo, justification)
    pages = [browser.page_source]
    open_project(browser, demo.url, PROJECT)
    pages.append(browser.page_source)
    for page in pages:
        # page_source is the live DOM: an injected element would serialise as id="injected".
        assert 'id="injected"' not in page
    assert browser.find_elements(By.CSS_SELECTOR, "#injected") == []
    assert browser.execute_script("return document.body.dataset.injected") is None
    descriptions = [a.description for a in cloud.activations(cloud.load(demo.cloud_file), PROJECT)]
    assert descriptions == [f"Self-approved, justification: {justification}"]


def test_the_pages_work_without_javascript(demo: DemoServer, start_browser) -> None:
    browser = start_browser(javascript=False)
    before = cloud.load(demo.cloud_file)
    justification = "INC-42 without scripts"
    requested_at = datetime.now(timezone.utc)

    activate(browser, demo, justification, minutes=30)

    time_element = active_end_time(browser, demo)
    iso = time_element.get_attribute("datetime")
    # With scripts off, the text is the server's own rendering: nothing rewrote it.
    assert time_element.text.strip() == server_rendered_time_text(browser, demo, iso)
    assert_one_new_activation(before, cloud.load(demo.cloud_file), justification, 30, requested_at)
    wait_for(browser, "button#signout")
