"""Backup and restore of the whole site: the database and every uploaded file, in one
timestamped archive. SQLite is copied with its online backup API (safe while the site runs),
PostgreSQL with pg_dump."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT_VERSION = 1


@dataclass(frozen=True)
class FileTree:
    name: str
    root: Path


def file_trees() -> list[FileTree]:
    return [
        FileTree("media", Path(settings.MEDIA_ROOT)),
        FileTree("private", Path(settings.PRIVATE_MEDIA_ROOT)),
    ]


def checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file below root, by path relative to root."""
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _program(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise FileNotFoundError(f"{name} not found: install Debian's postgresql-client")
    return path


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    args += ["--username", db.get("USER") or "postgres", "--dbname", db["NAME"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _dump_database(target: Path) -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return "sqlite"
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        command = [_program("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
        subprocess.run([*command, *args], env=env, check=True)  # noqa: S603 - from settings
        return "postgresql"
    raise NotImplementedError(f"no backup for database vendor {connection.vendor}")


def _load_database(source: Path, engine: str) -> None:
    if engine != connection.vendor:
        raise ValueError(f"archive holds a {engine} database, this site runs {connection.vendor}")
    if engine == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as copy:
            copy.backup(connection.connection)
        return
    connection.close()
    args, env = _pg_env()
    command = [
        _program("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
    ]
    subprocess.run([*command, *args, str(source)], env=env, check=True)  # noqa: S603 - from settings


def backup_create(*, directory: Path) -> Path:
    """Write `quartier-backup-<timestamp>.tar.gz` into directory and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = directory / f"quartier-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "database"
        engine = _dump_database(dump)
        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "engine": engine,
            "files": {tree.name: checksums(tree.root) for tree in file_trees()},
        }
        (Path(work) / "manifest.json").write_text(json.dumps(manifest, indent=2))
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(Path(work) / "manifest.json", arcname="manifest.json")
            tar.add(dump, arcname="database")
            for tree in file_trees():
                if tree.root.exists():
                    tar.add(tree.root, arcname=tree.name)
    archive.chmod(0o600)  # it holds personal data
    return archive


def backup_restore(*, archive: Path) -> dict:
    """Replace the database and the uploaded files with the archive's; returns its manifest."""
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(work, filter="data")
        manifest = json.loads((Path(work) / "manifest.json").read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise ValueError("unknown backup format")
        _load_database(Path(work) / "database", manifest["engine"])
        for tree in file_trees():
            if tree.root.exists():
                shutil.rmtree(tree.root)
            extracted = Path(work) / tree.name
            if extracted.exists():
                shutil.copytree(extracted, tree.root)
            else:
                tree.root.mkdir(parents=True)
        for tree in file_trees():
            if checksums(tree.root) != manifest["files"][tree.name]:
                raise ValueError(f"restored files in {tree.name} do not match the manifest")
    return manifest
