"""A server started as a child process, its output in a log file, ready once the log says so."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from typing import Callable

START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 15


class ChildProcess:
    """`command` with `environment`; output goes to `log_path` (rather than a pipe, so the process
    can never block on a full pipe, and everything it said is there when a test fails).
    `ready(log)` returns the server's URL once the log shows it is ready."""

    def __init__(self, command: list[str], environment: dict[str, str], log_path: Path,
                 ready: Callable[[str], str | None]) -> None:
        self.command = command
        self.environment = environment
        self.log_path = log_path
        self.ready = ready
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> "ChildProcess":
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=self.environment)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            url = self.ready(self.log())
            if url:
                self.url = url
                return self
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"`{' '.join(self.command)}` exited with status {self.process.returncode} before it was ready:\n"
                    f"{self.log()}")
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"`{' '.join(self.command)}` was not ready within {START_TIMEOUT_SECONDS} s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def crashed(self) -> bool:
        """True when the process ended although nobody asked it to."""
        return self.process is not None and self.process.poll() is not None

    def stop(self) -> int | None:
        """SIGTERM, then the exit status (SIGKILL after a grace period)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        return self.process.returncode
