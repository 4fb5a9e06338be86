"""Headless Chromium, driven through Debian's chromedriver, and the steps a person takes in it."""

from __future__ import annotations

import os

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The browser's own time zone: far from UTC, so local-time rendering is visible.
BROWSER_TIME_ZONE = "America/New_York"
WAIT_SECONDS = 20


def start_chromium(javascript: bool = True) -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1024"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    # chromedriver passes its environment on to the browser it starts.
    service = Service(CHROMEDRIVER, env={**os.environ, "TZ": BROWSER_TIME_ZONE})
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    return driver


def wait_for(driver: WebDriver, css: str) -> WebElement:
    return WebDriverWait(driver, WAIT_SECONDS).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)),
        message=f"no element matches {css!r} on {driver.current_url}:\n{driver.page_source[:3000]}",
    )


def submit_and_wait(driver: WebDriver, button: WebElement, css: str) -> WebElement:
    """Clicks a submit button and waits for the next page to show an element.

    The old page is marked first, so that the wait cannot mistake it for the next one. (Waiting
    for the button to go stale instead races with chromedriver while the page is replaced.)
    """
    driver.execute_script("document.documentElement.setAttribute('data-e2e-previous-page', '')")
    button.click()
    WebDriverWait(driver, WAIT_SECONDS).until(
        _new_page_loaded, message=f"submitting did not load a new page; still on {driver.current_url}")
    return wait_for(driver, css)


def _new_page_loaded(driver: WebDriver) -> bool:
    try:
        return driver.execute_script(
            "return !document.documentElement.hasAttribute('data-e2e-previous-page')"
            " && document.readyState === 'complete'")
    except WebDriverException:
        return False  # the page is being replaced; ask again


def sign_in(driver: WebDriver, base_url: str, email: str) -> None:
    driver.get(base_url.rstrip("/") + "/signin")
    form = wait_for(driver, 'form[method="post"][action="/signin"]')
    button = form.find_element(By.CSS_SELECTOR, f'button[type="submit"][name="email"][value="{email}"]')
    submit_and_wait(driver, button, "button#signout")


def open_project(driver: WebDriver, base_url: str, project: str) -> None:
    """Goes to the project list and follows the project's link, as a person would."""
    driver.get(base_url)
    link = wait_for(driver, f'a.project[href="/projects/{project}"]')
    link.click()
    wait_for(driver, "table#entitlements")


def entitlement_row(driver: WebDriver, role: str, activation_type: str) -> WebElement:
    rows = [
        row for row in driver.find_elements(By.CSS_SELECTOR, "table#entitlements tr[data-entitlement-id]")
        if row.get_attribute("data-entitlement-id").split(":")[1] == role
        and row.get_attribute("data-type") == activation_type
    ]
    assert len(rows) == 1, f"expected one {activation_type} row for {role}, found {len(rows)}:\n{driver.page_source[:3000]}"
    return rows[0]


def fill_activation_form(driver: WebDriver, role: str, justification: str, minutes: int) -> None:
    row = entitlement_row(driver, role, "JIT")
    checkbox = row.find_element(By.CSS_SELECTOR, 'input[type="checkbox"][name="entitlement"]')
    assert checkbox.get_attribute("value") == row.get_attribute("data-entitlement-id")
    if not checkbox.is_selected():
        checkbox.click()
    justification_field = driver.find_element(By.CSS_SELECTOR, "#justification")
    justification_field.clear()
    justification_field.send_keys(justification)
    minutes_field = driver.find_element(By.CSS_SELECTOR, "#minutes")
    assert minutes_field.get_attribute("type") == "number"
    minutes_field.clear()
    minutes_field.send_keys(str(minutes))
