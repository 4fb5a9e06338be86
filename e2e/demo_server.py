"""Runs `jitaccess demo` as a child process, the way a person would start it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

READY_LINE = re.compile(r"^jitaccess demo running at (http://[^\s/]+:(\d+)/)$")
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 15

# Configuration the tests rely on being at its defaults, whatever the calling shell has set.
CONFIGURATION_VARIABLES = (
    "JUSTIFICATION_PATTERN",
    "JUSTIFICATION_HINT",
    "ACTIVATION_TIMEOUT",
    "ELEVATION_DURATION",
    "ACTIVATION_REQUEST_MAX_ROLES",
)


class DemoServer:
    """One `jitaccess demo --port 0 --data-dir DIR [EXTRA_ARGS]` process; its output goes to a log file.

    The log file (rather than a pipe) means the server can never block on a full pipe while
    it writes audit lines, and the whole output is there to show when a test fails.
    """

    def __init__(self, binary: Path, data_dir: Path, log_path: Path, extra_args: tuple[str, ...] = ()) -> None:
        self.binary = binary
        self.extra_args = extra_args
        self.data_dir = data_dir
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.port = 0

    @property
    def cloud_file(self) -> Path:
        return self.data_dir / "cloud.json"

    def start(self) -> "DemoServer":
        environment = {k: v for k, v in os.environ.items() if k not in CONFIGURATION_VARIABLES}
        command = [str(self.binary), "demo", "--port", "0", "--host", "127.0.0.1", "--data-dir", str(self.data_dir),
                   *self.extra_args]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=environment
            )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            match = self._ready_line()
            if match:
                self.url, self.port = match.group(1), int(match.group(2))
                return self
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"`{' '.join(command)}` exited with status {self.process.returncode} before it was ready:\n{self.log()}"
                )
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(
            f"`{' '.join(command)}` did not print 'jitaccess demo running at http://HOST:PORT/' within "
            f"{START_TIMEOUT_SECONDS} s:\n{self.log()}"
        )

    def _ready_line(self) -> re.Match[str] | None:
        matches = [m for m in (READY_LINE.match(line.strip()) for line in self.log().splitlines()) if m]
        if len(matches) > 1:
            raise RuntimeError(f"the ready line was printed {len(matches)} times:\n{self.log()}")
        return matches[0] if matches else None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def crashed(self) -> bool:
        """True when the process ended although nobody asked it to."""
        return self.process is not None and self.process.poll() is not None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)

    def url_for(self, path: str) -> str:
        return self.url.rstrip("/") + path
