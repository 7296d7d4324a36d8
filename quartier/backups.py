"""Backup and restore of the whole site: the database and the uploaded files it refers to, in
one timestamped archive that is always usable and never exposed.

Backup, safe while the site runs and files come and go:
1. the database snapshot first (SQLite: its online backup API; PostgreSQL: pg_dump of an
   exported snapshot, the same one the file list is read from);
2. then exactly the files that snapshot refers to, read through the storage API (local folders
   or S3 alike), each hashed into the manifest. A file deleted after the snapshot (a draft
   attachment removed meanwhile) is noted as "vanished", a row that names a file that does not
   exist as "missing"; neither stops the backup;
3. the archive is written to a temporary file created with mode 0600 in the target folder and
   renamed to its final name only when complete; on any failure it is removed.

Restore checks the whole archive first (manifest, every file's size and checksum, the database
file) and only then replaces the database and swaps in the new file folders; until then the
site is untouched."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import connection

from quartier import stored_files
from quartier.core import clock

FORMAT_VERSION = 2
ARCHIVE_PREFIX = "quartier-backup-"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be restored; nothing was changed."""


@dataclass
class BackupResult:
    archive: Path
    manifest: dict = field(repr=False)

    @property
    def vanished(self) -> dict[str, list[str]]:
        return self.manifest["vanished"]

    @property
    def missing(self) -> dict[str, list[str]]:
        return self.manifest["missing"]

    @property
    def sources(self) -> dict[str, str]:
        return self.manifest["sources"]


def checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file below a folder, by path relative to it."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256_file(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------- the database


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


def _snapshot_database(target: Path) -> tuple[str, dict[str, set[str]]]:
    """Copies the database to `target` and returns its engine and the file names that very
    copy refers to."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # one step: a consistent copy of all pages
            return "sqlite", stored_files.referenced_names(copy.cursor())
        finally:
            copy.close()
    if connection.vendor == "postgresql":
        # One REPEATABLE READ transaction exports its snapshot to pg_dump and reads the file
        # names from it: the dump and the list agree, whatever is written meanwhile.
        raw = connection.get_new_connection(connection.get_connection_params())
        try:
            raw.autocommit = False
            with raw.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                args, env = _pg_env()
                command = [_program("pg_dump"), "--format=custom", "--no-owner"]
                command += [f"--snapshot={snapshot}", "--file", str(target)]
                subprocess.run([*command, *args], env=env, check=True)  # noqa: S603 - settings
                names = stored_files.referenced_names(cursor)
            raw.rollback()
        finally:
            raw.close()
        return "postgresql", names
    raise NotImplementedError(f"no backup for database vendor {connection.vendor}")


def _check_database_file(source: Path, engine: str) -> None:
    if engine != connection.vendor:
        raise BackupError(f"archive holds a {engine} database, this site runs {connection.vendor}")
    if engine == "sqlite":
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
                result = copy.execute("PRAGMA integrity_check").fetchone()[0]
                copy.execute("SELECT count(*) FROM django_migrations").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"the database in the archive is damaged: {error}") from error
        if result != "ok":
            raise BackupError(f"the database in the archive is damaged: {result}")
        return
    _args, env = _pg_env()
    listed = subprocess.run(  # noqa: S603 - fixed program, our file
        [_program("pg_restore"), "--list", str(source)], env=env, capture_output=True
    )
    if listed.returncode != 0 or b"TABLE DATA" not in listed.stdout:
        raise BackupError(f"the database in the archive is damaged: {listed.stderr[:300]!r}")


def _load_database(source: Path, engine: str) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
        return
    connection.close()
    args, env = _pg_env()
    command = [
        _program("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
    ]
    subprocess.run([*command, *args, str(source)], env=env, check=True)  # noqa: S603 - settings


# ---------------------------------------------------------------- backup


def _archive_name(directory: Path) -> Path:
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    archive = directory / f"{ARCHIVE_PREFIX}{stamp}.tar.gz"
    number = 1
    while archive.exists():
        number += 1
        archive = directory / f"{ARCHIVE_PREFIX}{stamp}-{number}.tar.gz"
    return archive


def _copy_stored_file(storage: Storage, name: str, target: Path) -> tuple[str, int]:
    """Copies one stored file through the storage API; returns its SHA-256 and size."""
    digest, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with storage.open(name, "rb") as source, target.open("wb") as copy:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            copy.write(chunk)
    return digest.hexdigest(), size


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


@contextmanager
def _private_temporary_file(directory: Path, suffix: str):
    """A file only its owner can read (mkstemp: 0600), removed unless the caller renames it."""
    handle, name = tempfile.mkstemp(dir=directory, prefix=f".{ARCHIVE_PREFIX}", suffix=suffix)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        with suppress(FileNotFoundError):
            path.unlink()


def backup_create(*, directory: Path) -> BackupResult:
    """Write `quartier-backup-<timestamp>.tar.gz` into directory; see the module docstring."""
    directory.mkdir(parents=True, exist_ok=True)
    # The work folder (0700) holds the dump and the copied files: the target folder, not /tmp.
    with (
        tempfile.TemporaryDirectory(dir=directory, prefix=f".{ARCHIVE_PREFIX}work-") as work,
        _private_temporary_file(directory, ".tar.gz.part") as partial,
    ):
        work = Path(work)
        engine, references = _snapshot_database(work / "database")
        manifest = {
            "format": FORMAT_VERSION,
            "created": clock.now().isoformat(),
            "engine": engine,
            "files": {},
            "vanished": {},
            "missing": {},
            # Read through the storage API: where each tree's files were read from.
            "sources": {
                tree: stored_files.place_of(storage)
                for tree, storage in stored_files.storages().items()
            },
        }
        gone: dict[str, list[str]] = {}
        for tree, storage in stored_files.storages().items():
            listed, gone[tree] = {}, []
            for name in sorted(references[tree]):
                if not _safe_name(name):
                    gone[tree].append(name)
                    continue
                try:
                    digest, size = _copy_stored_file(storage, name, work / "files" / tree / name)
                except FileNotFoundError:
                    gone[tree].append(name)
                else:
                    listed[name] = {"sha256": digest, "size": size}
            manifest["files"][tree] = listed
        # A file the snapshot named but that is gone now: if the live database still names
        # it, the reference is broken ("missing"); if not, it was deleted during the run.
        still_named = stored_files.referenced_names() if any(gone.values()) else {}
        for tree, names in gone.items():
            manifest["missing"][tree] = [n for n in names if n in still_named.get(tree, ())]
            manifest["vanished"][tree] = [n for n in names if n not in still_named.get(tree, ())]
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))

        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / "database", arcname="database")
            for tree, listed in manifest["files"].items():
                for name in listed:
                    tar.add(work / "files" / tree / name, arcname=f"files/{tree}/{name}")
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        archive = _archive_name(directory)
        partial.rename(archive)  # complete, or not there at all
    return BackupResult(archive=archive, manifest=manifest)


# ---------------------------------------------------------------- restore


def backup_verify(*, archive: Path, into: Path) -> dict:
    """Unpacks the archive into `into` and checks all of it: manifest, database file, every
    file's size and checksum, nothing more and nothing less. Returns the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"the archive cannot be read: {error}") from error
    try:
        manifest = json.loads((into / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError("the archive has no readable manifest") from error
    if manifest.get("format") == 1:
        manifest = _from_format_1(manifest)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    if not (into / "database").is_file():
        raise BackupError("the archive holds no database")
    _check_database_file(into / "database", manifest["engine"])
    expected = {"manifest.json", "database"}
    for tree in stored_files.storages():
        for name, facts in manifest["files"].get(tree, {}).items():
            if not _safe_name(name):
                raise BackupError(f"unsafe file name in the manifest: {name!r}")
            path = _files_folder(into, manifest, tree) / name
            if not path.is_file():
                raise BackupError(f"{tree}/{name} is listed in the manifest but missing")
            size = facts["size"] if facts["size"] is not None else path.stat().st_size
            if path.stat().st_size != size or _sha256_file(path) != facts["sha256"]:
                raise BackupError(f"{tree}/{name} does not match its checksum")
            expected.add(path.relative_to(into).as_posix())
    extra = {m.name for m in members if m.isfile()} - expected
    if extra:
        raise BackupError(f"the archive holds files the manifest does not list: {sorted(extra)}")
    return manifest


def _from_format_1(manifest: dict) -> dict:
    """Archives written by older versions: whole folders at media/ and private/, checksums only."""
    files = {
        tree: {name: {"sha256": digest, "size": None} for name, digest in listed.items()}
        for tree, listed in manifest.get("files", {}).items()
    }
    empty = {tree: [] for tree in stored_files.storages()}
    upgraded = {**manifest, "format": FORMAT_VERSION, "files": files, "layout": 1}
    return {**upgraded, "vanished": empty, "missing": empty}


def _files_folder(work: Path, manifest: dict, tree: str) -> Path:
    return work / tree if manifest.get("layout") == 1 else work / "files" / tree


def _filesystem_root(storage: Storage) -> Path | None:
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _stage_folder(root: Path, source: Path) -> Path:
    """A complete copy of the new folder next to the old one (same disk: renaming is cheap);
    inside it if the folder is a mount point whose parent we may not write to."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        staged = Path(tempfile.mkdtemp(dir=root.parent, prefix=f".{root.name}-restore-"))
    except OSError:
        staged = Path(tempfile.mkdtemp(dir=root, prefix=".restore-"))
    if source.exists():
        shutil.copytree(source, staged, dirs_exist_ok=True)
    return staged


def _apply_storage_modes(storage: FileSystemStorage, staged: Path) -> None:
    """The staged copy gets the modes the storage gives its own uploads: copied from the
    archive, private files would keep the 0644/0755 they were packed with."""
    directories, files = storage.directory_permissions_mode, storage.file_permissions_mode
    if directories is not None:
        staged.chmod(directories)
    for path in staged.rglob("*"):
        if path.is_dir() and directories is not None:
            path.chmod(directories)
        elif path.is_file() and files is not None:
            path.chmod(files)


def _swap_folder(root: Path, staged: Path) -> None:
    """The staged folder becomes the root; the old content is removed afterwards."""
    if staged.parent != root:
        old = root.with_name(f".{root.name}-replaced-{os.getpid()}")
        try:
            root.rename(old)
        except OSError:  # a mount point cannot be renamed: swap what is inside instead
            pass
        else:
            try:
                staged.rename(root)
            except OSError:
                old.rename(root)
                raise
            shutil.rmtree(old, ignore_errors=True)
            return
    old = Path(tempfile.mkdtemp(dir=root, prefix=".replaced-"))
    for child in list(root.iterdir()):
        if child not in {old, staged}:
            child.rename(old / child.name)
    for child in list(staged.iterdir()):
        shutil.move(child, root / child.name)
    shutil.rmtree(staged, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def _replace_through_storage(storage: Storage, source: Path, names: list[str]) -> None:
    """For storage that is not a local folder (S3): make it hold exactly the archive's files."""
    wanted = set(names)
    for name in stored_files.walk(storage):
        if name not in wanted:
            storage.delete(name)
    for name in names:
        storage.delete(name)
        with (source / name).open("rb") as handle:
            stored = storage.save(name, File(handle, name=name))
        if stored != name:
            raise BackupError(f"the storage stored {name} as {stored}")


def backup_restore(*, archive: Path) -> dict:
    """Replaces the database and the uploaded files with the archive's; returns its manifest.
    Nothing is touched unless the whole archive checks out."""
    archive = Path(archive)
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=f".{ARCHIVE_PREFIX}restore-") as w:
        work = Path(w)
        manifest = backup_verify(archive=archive, into=work)
        storages = stored_files.storages()
        staged: dict[str, Path] = {}
        try:
            for tree, storage in storages.items():
                root = _filesystem_root(storage)
                if root is not None:
                    staged[tree] = _stage_folder(root, _files_folder(work, manifest, tree))
                    _apply_storage_modes(storage, staged[tree])
                    if checksums(staged[tree]) != {
                        name: facts["sha256"]
                        for name, facts in manifest["files"].get(tree, {}).items()
                    }:
                        raise BackupError(f"copying the files of {tree} went wrong")
            _load_database(work / "database", manifest["engine"])
        except BaseException:
            for path in staged.values():
                shutil.rmtree(path, ignore_errors=True)
            raise
        for tree, storage in storages.items():
            if tree in staged:
                _swap_folder(_filesystem_root(storage), staged[tree])
            else:
                _replace_through_storage(
                    storage,
                    _files_folder(work, manifest, tree),
                    sorted(manifest["files"].get(tree, {})),
                )
    return manifest
