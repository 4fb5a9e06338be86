"""Runs `jitaccess demo` as a child process, the way a person would start it."""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import Path

from child_process import ChildProcess

READY_LINE = re.compile(r"^jitaccess demo running at (http://[^\s/]+:(\d+)/)$")

# Configuration the tests rely on being at its defaults, whatever the calling shell has set.
CONFIGURATION_VARIABLES = (
    "JUSTIFICATION_PATTERN",
    "JUSTIFICATION_HINT",
    "ACTIVATION_TIMEOUT",
    "ELEVATION_DURATION",
    "ACTIVATION_REQUEST_MAX_ROLES",
    "RATE_LIMIT_SELF_ACTIVATIONS",
    "RATE_LIMIT_REQUESTS",
    "RATE_LIMIT_APPROVALS",
    "RATE_LIMIT_MAIL",
)


class DemoServer(ChildProcess):
    """One `jitaccess demo --port 0 --data-dir DIR [EXTRA_ARGS]` process; its output goes to a log file."""

    def __init__(self, binary: Path, data_dir: Path, log_path: Path, extra_args: tuple[str, ...] = ()) -> None:
        environment = {k: v for k, v in os.environ.items() if k not in CONFIGURATION_VARIABLES}
        command = [str(binary), "demo", "--port", "0", "--host", "127.0.0.1", "--data-dir", str(data_dir), *extra_args]
        super().__init__(command, environment, log_path, self._ready_url)
        self.binary = binary
        self.extra_args = extra_args
        self.data_dir = data_dir
        self.port = 0

    @property
    def cloud_file(self) -> Path:
        return self.data_dir / "cloud.json"

    def start(self) -> "DemoServer":
        super().start()
        self.port = urllib.parse.urlsplit(self.url).port or 0
        return self

    @staticmethod
    def _ready_url(log: str) -> str | None:
        """The URL of 'jitaccess demo running at URL', which must be printed once only."""
        matches = [m for m in (READY_LINE.match(line.strip()) for line in log.splitlines()) if m]
        if len(matches) > 1:
            raise RuntimeError(f"the ready line was printed {len(matches)} times:\n{log}")
        return matches[0].group(1) if matches else None

    def url_for(self, path: str) -> str:
        return self.url.rstrip("/") + path
