"""Fixtures of the end-to-end suite: `jitaccess demo` processes and headless Chromium browsers.

The binary under test comes from the environment variable JITACCESS_BIN (scripts/test sets
it to the one `swift build` just made).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from browser import start_chromium
from demo_server import DemoServer

LOG_TAIL_LINES = 200


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("jitaccess")
    group.addoption("--schemathesis-examples", type=int, default=None,
                    help="test cases per API operation and phase in test_schemathesis.py (default: a bounded run)")
    group.addoption("--schemathesis-seed", type=int, default=None,
                    help="seed of test_schemathesis.py (default: fixed for the bounded run, random for a longer one)")
    group.addoption("--catalog", choices=["PolicyAnalyzer", "AssetInventory"], default="PolicyAnalyzer",
                    help="the RESOURCE_CATALOG every `jitaccess serve` of the suite runs with (default: PolicyAnalyzer, 1.x's default)")


def pytest_configure(config: pytest.Config) -> None:
    # google_stack.serve_environment reads it, so that every launcher of `serve` agrees.
    os.environ["JITACCESS_E2E_CATALOG"] = config.getoption("--catalog")


@pytest.fixture(scope="session")
def jitaccess_binary() -> Path:
    value = os.environ.get("JITACCESS_BIN")
    if not value:
        pytest.fail("set JITACCESS_BIN to the jitaccess executable, e.g. JITACCESS_BIN=$(swift build --show-bin-path)/jitaccess")
    binary = Path(value)
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(f"JITACCESS_BIN={value} is not an executable file; run `swift build` first")
    return binary


@pytest.fixture
def start_demo(jitaccess_binary: Path, tmp_path: Path) -> Iterator[Callable[..., DemoServer]]:
    """Starts `jitaccess demo` processes on a data folder (with optional extra arguments, such
    as `("--base-url", URL)`); all are stopped after the test.

    A server that died during the test fails it, and every server's output is printed (and so
    shown by pytest when the test fails).
    """
    servers: list[DemoServer] = []

    def start(data_dir: Path, extra_args: tuple[str, ...] = ()) -> DemoServer:
        server = DemoServer(jitaccess_binary, data_dir, tmp_path / f"server-{len(servers) + 1}.log", extra_args)
        servers.append(server)
        return server.start()

    yield start
    crashed = [server for server in servers if server.crashed()]
    for server in servers:
        server.stop()
        tail = "\n".join(server.log().splitlines()[-LOG_TAIL_LINES:])
        print(f"--- output of jitaccess demo on port {server.port} ({server.log_path}) ---\n{tail}")
    assert not crashed, "a jitaccess demo process exited during the test: " + ", ".join(
        f"port {s.port} with status {s.process.returncode}" for s in crashed if s.process
    )


@pytest.fixture
def demo(start_demo: Callable[..., DemoServer], tmp_path: Path) -> DemoServer:
    """One demo server on a fresh data folder."""
    return start_demo(tmp_path / "data")


@pytest.fixture
def start_browser() -> Iterator[Callable[..., WebDriver]]:
    drivers: list[WebDriver] = []

    def start(javascript: bool = True) -> WebDriver:
        driver = start_chromium(javascript=javascript)
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.quit()


@pytest.fixture
def browser(start_browser: Callable[..., WebDriver]) -> WebDriver:
    """Headless Chromium with JavaScript, in the America/New_York time zone."""
    return start_browser(javascript=True)
