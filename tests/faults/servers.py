"""Private, throw-away servers for tests: PostgreSQL and Redis for the fault tests, and an
S3-compatible object store (moto's standalone server) for resumes in object storage.

Each server listens on a free port of 127.0.0.1 and keeps its files in its own temporary
directory, so a test may stop, kill and restart it without touching the shared servers on
5432/6379. ``stop()`` and ``kill()`` keep the files and port: ``start()`` again brings back the
same server (PostgreSQL with its data; Redis empty, as nothing is saved). ``cleanup()`` ends the
processes and removes the files; anything still alive when Python exits is cleaned up by atexit.

PostgreSQL refuses to run as root, so as root initdb and the postmaster run as the ``postgres``
OS user (subprocess's ``user=``, as runuser would) in a directory that user owns.
"""

from __future__ import annotations

import atexit
import glob
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Self

import psycopg
import redis
from psycopg import sql
from redis.backoff import NoBackoff
from redis.retry import Retry

AS_ROOT = os.geteuid() == 0
StopMode = Literal["smart", "fast", "immediate"]
_LIVE: set[_Server] = set()


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on (the OS picks it by a bind to port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs; a zombie (dead, not yet reaped by its parent) counts as gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def _wait_gone(pids: list[int], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in pids):
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes {pids} still alive after {timeout}s")
        time.sleep(0.02)


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def postgres_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb, or None."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        return None

    def version(path: str) -> list[int]:
        return [int(x) for x in Path(path).parts[-3].split(".") if x.isdigit()]

    return Path(max(found, key=version)).parent


def postgres_missing() -> str | None:
    """Why a private PostgreSQL cannot run here, or None when it can."""
    if postgres_bindir() is None:
        return (
            "PostgreSQL server binaries not found: no /usr/lib/postgresql/*/bin/initdb "
            "(apt-get install postgresql)"
        )
    if AS_ROOT:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root needs the `postgres` OS user (PostgreSQL refuses root)"
    return None


def redis_missing() -> str | None:
    """Why a private Redis cannot run here, or None when it can."""
    if shutil.which("redis-server") is None:
        return "redis-server not found on PATH (apt-get install redis-server)"
    return None


def s3_missing() -> str | None:
    """Why a local S3 server cannot run here, or None when it can."""
    for module, package in [
        ("moto.server", "moto[server]"),
        ("boto3", "boto3"),
        ("storages.backends.s3", "django-storages[s3]"),
    ]:
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:
            found = False
        if not found:
            return f"{package} is not installed: pip install -e '.[dev]'"
    return None


class _Server:
    """A port, a temporary directory and the promise to clean both up."""

    def __init__(self, prefix: str) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix=prefix))
        _LIVE.add(self)

    def kill(self) -> None:
        raise NotImplementedError

    def cleanup(self) -> None:
        """End every process (even after a failed start) and remove the directory."""
        try:
            self.kill()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            _LIVE.discard(self)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()


class PrivatePostgres(_Server):
    """A PostgreSQL cluster of its own: trust auth, superuser ``postgres``, fsync off.

    The postmaster is a child of this process (not daemonized by pg_ctl), so a killed one is
    reaped at once and its PID cannot block the next start.
    """

    CONF = {
        "listen_addresses": "'127.0.0.1'",
        "fsync": "off",
        "full_page_writes": "off",
        "wal_level": "minimal",
        "max_wal_senders": "0",
        "max_connections": "30",
        "shared_buffers": "1MB",
    }
    SIGNALS = {"smart": signal.SIGTERM, "fast": signal.SIGINT, "immediate": signal.SIGQUIT}

    def __init__(self, conf: Mapping[str, str] | None = None) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise RuntimeError(postgres_missing())
        self.bin = bindir
        super().__init__("guanxi-pg-")
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.conf = {**self.CONF, **(conf or {})}
        self.process: subprocess.Popen[bytes] | None = None
        # PostgreSQL refuses root: run its programs as the `postgres` OS user, in a dir it owns.
        self.as_user: dict[str, Any] = {}
        if AS_ROOT:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.as_user = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}

    def _initdb(self) -> None:
        result = subprocess.run(
            [str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--locale=C", "--no-sync"],
            cwd=self.dir, capture_output=True, text=True, timeout=120, **self.as_user,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}{result.stderr}")
        conf = {**self.conf, "port": str(self.port), "unix_socket_directories": f"'{self.dir}'"}
        with open(self.data / "postgresql.conf", "a") as f:
            f.write("\n# tests/faults/servers.py\n")
            f.writelines(f"{k} = {v}\n" for k, v in conf.items())

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 60.0) -> None:
        """initdb on the first call, then start and wait until it accepts connections."""
        if self.running():
            raise RuntimeError(f"PostgreSQL on port {self.port} is already running")
        if not (self.data / "PG_VERSION").exists():
            self._initdb()
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(self.bin / "postgres"), "-D", str(self.data)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=self.dir,
                start_new_session=True, **self.as_user,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"postgres exited ({self.process.returncode}):\n{_tail(self.log)}"
                )
            try:
                self.connect(connect_timeout=1).close()
                return
            except psycopg.OperationalError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"postgres did not accept connections:\n{_tail(self.log)}")
            time.sleep(0.05)

    def stop(self, mode: StopMode = "fast", timeout: float = 30.0) -> None:
        """Shut down (``smart``, ``fast`` or ``immediate``, as pg_ctl -m) and wait; SIGKILL after
        ``timeout``. Nothing to do when it is not running (stopped or killed)."""
        sig = self.SIGNALS[mode]
        if self.running():
            assert self.process is not None
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._sweep()

    def kill(self) -> None:
        """SIGKILL the postmaster, as a crash would, then every process left of this cluster."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
        self._sweep()

    def _sweep(self) -> None:
        """SIGKILL the backends a dead postmaster left: every process working in its data dir."""
        data = os.path.realpath(self.data)
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.readlink(f"/proc/{entry}/cwd") == data and _alive(int(entry)):
                        os.kill(int(entry), signal.SIGKILL)
                        pids.append(int(entry))
                except OSError:
                    continue
        _wait_gone(pids)

    def cleanup(self) -> None:
        try:
            self.stop("immediate")
        finally:
            self._drop_shared_memory()
            super().cleanup()

    def _drop_shared_memory(self) -> None:
        """A killed postmaster leaves its SysV segment (line 7 of postmaster.pid) behind."""
        try:
            shmid = (self.data / "postmaster.pid").read_text().split("\n")[6].split()[1]
        except (OSError, IndexError):
            return
        subprocess.run(["ipcrm", "-m", shmid], capture_output=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", **kwargs: Any) -> psycopg.Connection:
        """A psycopg connection as ``postgres`` (the caller closes it)."""
        return psycopg.connect(self.url(dbname), **{"connect_timeout": 5, **kwargs})

    def create_database(self, name: str) -> str:
        """CREATE DATABASE ``name``; returns its URL."""
        with self.connect(autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)


class PrivateRedis(_Server):
    """A redis-server of its own, in memory only (nothing saved, so a restart starts empty)."""

    def __init__(self) -> None:
        if redis_missing():
            raise RuntimeError(redis_missing())
        super().__init__("guanxi-redis-")
        self.log = self.dir / "redis.log"
        self.process: subprocess.Popen[bytes] | None = None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 10.0) -> None:
        """Start redis-server and wait until it answers PING."""
        if self.running():
            raise RuntimeError(f"Redis on port {self.port} is already running")
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--daemonize", "no",
                 "--dir", str(self.dir), "--logfile", ""],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=self.dir,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"redis-server exited ({self.process.returncode}):\n{_tail(self.log)}"
                )
            if self.ping():
                return
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"redis-server did not answer PING:\n{_tail(self.log)}")
            time.sleep(0.02)

    def ping(self) -> bool:
        try:
            with redis.Redis(
                port=self.port,
                socket_timeout=1,
                socket_connect_timeout=1,
                retry=Retry(NoBackoff(), 0),
            ) as r:
                return bool(r.ping())
        except redis.RedisError:
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM and wait (SIGKILL after ``timeout``); nothing to do when it is not running."""
        if self.running():
            assert self.process is not None
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


class PrivateS3(_Server):
    """moto's standalone S3 server (``python -m moto.server``), in memory only: a restart starts
    empty. Any access key is accepted; ``bucket()`` makes a bucket of a test's own, and
    ``storage_options(bucket)`` points the "resumes" storage at it as production would."""

    ACCESS_KEY = SECRET_KEY = "test"
    REGION = "ap-northeast-1"

    def __init__(self) -> None:
        if s3_missing():
            raise RuntimeError(s3_missing())
        super().__init__("guanxi-s3-")
        self.log = self.dir / "moto.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._client: Any = None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 30.0) -> None:
        """Start the server and wait until it answers."""
        if self.running():
            raise RuntimeError(f"moto on port {self.port} is already running")
        # Its own credentials and region only: nothing of a real AWS account reaches it.
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=self.dir,
                env=env, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto exited ({self.process.returncode}):\n{_tail(self.log)}")
            try:
                urllib.request.urlopen(self.endpoint_url + "/moto-api/", timeout=1).close()
                return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"moto did not answer:\n{_tail(self.log)}")
            time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()

    def client(self) -> Any:
        """A boto3 S3 client for this server (made once)."""
        if self._client is None:
            import boto3

            self._client = boto3.client(
                "s3",
                endpoint_url=self.endpoint_url,
                aws_access_key_id=self.ACCESS_KEY,
                aws_secret_access_key=self.SECRET_KEY,
                region_name=self.REGION,
            )
        return self._client

    def bucket(self) -> str:
        """Create a new, empty bucket; returns its name."""
        name = f"guanxi-resumes-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": self.REGION}
        )
        return name

    def keys(self, bucket: str) -> list[str]:
        """Every object's key in ``bucket``, sorted."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def drop_bucket(self, bucket: str) -> None:
        """Delete ``bucket`` and everything in it."""
        for key in self.keys(bucket):
            self.client().delete_object(Bucket=bucket, Key=key)
        self.client().delete_bucket(Bucket=bucket)

    def storage_options(self, bucket: str) -> dict[str, Any]:
        """OPTIONS of a storages.backends.s3.S3Storage (or subclass) on ``bucket``: what
        RESUME_STORAGE_OPTIONS holds in production, with this server as the endpoint."""
        return {
            "bucket_name": bucket,
            "endpoint_url": self.endpoint_url,
            "access_key": self.ACCESS_KEY,
            "secret_key": self.SECRET_KEY,
            "region_name": self.REGION,
            "default_acl": None,
            "querystring_auth": True,
        }


def migrate_database(url: str, timeout: float = 600) -> float:
    """``manage.py migrate --noinput`` against ``url`` in a subprocess; returns the seconds taken.

    REDIS_URL is dropped from the environment so the command touches no shared server.
    """
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DATABASE_URL"] = url
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"migrate failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return time.monotonic() - started


@atexit.register
def _cleanup_all() -> None:
    for server in list(_LIVE):
        try:
            server.cleanup()
        except Exception as exc:  # keep cleaning up the others
            print(f"tests/faults: cleanup of {server.dir} failed: {exc}", file=sys.stderr)
