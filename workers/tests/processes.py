"""Real worker processes for the fault tests: started, killed and counted from outside."""

import mailbox
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import connection


def database_url() -> str:
    """The URL of the database this test runs on (the test database), for a child process."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(*, database: str, maildir: Path, log: Path, **env) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": database,
        "EMAIL_URL": f"maildir://{maildir}",
        "TASK_LEASE_SECONDS": "2",
        "TASK_RETRY_SECONDS": "1",
        "DB_CONN_MAX_AGE": "0",
        **{k: str(v) for k, v in env.items()},
    }
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "task_worker", "--interval", "0.1"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def delivered(maildir: Path) -> Counter:
    """How many times each Message-ID was delivered."""
    if not (maildir / "new").exists():
        return Counter()
    box = mailbox.Maildir(maildir, create=False)
    return Counter(message["Message-ID"] for message in box)


def count_files(maildir: Path) -> int:
    new = maildir / "new"
    return len(os.listdir(new)) if new.exists() else 0


def wait_for(condition, *, timeout: float, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()
