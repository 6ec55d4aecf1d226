"""Saving, importing and exporting routines, and the user's own pictures.

Everything read here is untrusted: sizes are checked before reading, a routine is
validated with the player's loader before anything is copied, a zip's members are
checked before any is extracted (no absolute paths, no ``..``, no links, a total size
limit), and pictures must really be PNG, JPEG or SVG files of at most 2 MB.

Files land atomically (``backcoach.core.atomic``): a routine is saved as
``<id>.json`` in the user routines folder, pictures under its ``assets/illustrations/``
so routines refer to them relatively (``illustrations/name.png``) and keep working
when the original picture moves. Drafts (unfinished routines) live in a separate
folder the library does not list.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from backcoach.config import paths
from backcoach.core.atomic import write_bytes_atomic, write_problem
from backcoach.core.routine.catalog import Catalog, load_catalog
from backcoach.core.routine.loader import (
    MAX_FILE_BYTES,
    RoutineError,
    parse_routine_bytes,
    routine_from_document,
)
from backcoach.core.routine.model import Routine
from backcoach.i18n import _, join_list

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_ZIP_BYTES = 25 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_ZIP_TOTAL_BYTES = 50 * 1024 * 1024
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
ILLUSTRATIONS = "illustrations"


class SharingError(Exception):
    """A save, import or export was refused; the message says why in a sentence."""


@dataclass(frozen=True)
class Imported:
    """A routine that was imported: its id, where it is now, and any backup made."""

    routine_id: str
    path: Path
    backup: Path | None = None


# --- folders ---------------------------------------------------------------------------------


def user_assets_dir() -> Path:
    """Return the user's own asset folder (next to their routines, where the loader looks)."""
    return paths.user_routines_dir() / "assets"


def drafts_dir() -> Path:
    """Return the folder of unfinished routines and autosaves (not listed by the library)."""
    return paths.data_dir() / "drafts"


def backups_dir() -> Path:
    """Return the folder where replaced routine files are kept."""
    return paths.data_dir() / "backups"


def assets_search_dirs() -> list[Path]:
    """Return the folders illustrations are looked up in: the user's, then the bundled ones."""
    return [user_assets_dir(), paths.assets_dir()]


def check_document(document: Any, display_name: str = "routine") -> Routine:
    """Validate a document as the player would, with the user's pictures visible."""
    return routine_from_document(document, display_name, assets_dirs=assets_search_dirs())


# --- pictures --------------------------------------------------------------------------------


def _image_problem(data: bytes, suffix: str) -> str | None:
    if suffix == ".png" and not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _("is not a PNG image")
    if suffix in {".jpg", ".jpeg"} and not data.startswith(b"\xff\xd8\xff"):
        return _("is not a JPEG image")
    if suffix == ".svg":
        head = data[:4096].decode("utf-8", errors="replace").lower()
        if "<svg" not in head:
            return _("is not an SVG image")
    return None


def check_image_bytes(data: bytes, name: str) -> None:
    """Raise ``SharingError`` unless ``data`` is a PNG, JPEG or SVG picture within the limit."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise SharingError(_("{file}: pictures must be PNG, JPEG or SVG files").format(file=name))
    if len(data) > MAX_IMAGE_BYTES:
        raise SharingError(_too_large_picture(name, len(data)))
    problem = _image_problem(data, suffix)
    if problem:
        raise SharingError(f"{name}: {problem}")


def _too_large_picture(name: object, size: int) -> str:
    return _("{file}: is {size} MB; pictures may be at most 2 MB").format(
        file=name, size=f"{size / 1048576:.1f}"
    )


def _unreadable(name: object, exc: OSError) -> str:
    return _("{file}: cannot be read ({reason})").format(file=name, reason=exc.strerror or exc)


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; ``SharingError`` naming the file if it fails."""
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:  # disk full, no permission, a file where a folder should be
        reason = write_problem(exc, path)
        raise SharingError(
            _("{file}: cannot be written ({reason})").format(file=path, reason=reason)
        ) from None


def read_image(path: Path) -> bytes:
    """Read a picture the user chose, refusing a too large, unreadable or non-image file."""
    path = Path(path)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise SharingError(_("{file}: pictures must be PNG, JPEG or SVG files").format(file=path))
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise SharingError(_too_large_picture(path, size))
        data = path.read_bytes()
    except OSError as exc:
        raise SharingError(_unreadable(path, exc)) from None
    check_image_bytes(data, str(path))
    return data


def _safe_stem(name: str) -> str:
    return (
        re.sub(r"[^a-z0-9-]+", "-", PurePosixPath(name).stem.lower()).strip("-")[:40] or "picture"
    )


def store_image(data: bytes, name: str) -> str:
    """Copy a checked picture into the user's asset folder; return its relative name."""
    check_image_bytes(data, name)
    suffix = PurePosixPath(name).suffix.lower()
    digest = hashlib.sha256(data).hexdigest()[:10]
    relative = f"{ILLUSTRATIONS}/{_safe_stem(name)}-{digest}{suffix}"
    target = user_assets_dir() / relative
    if not target.is_file():
        _write(target, data)
    return relative


def import_image(path: Path) -> str:
    """Copy the picture at ``path`` into the user's assets; return the name a step refers to."""
    return store_image(read_image(path), Path(path).name)


def bundled_illustrations() -> list[str]:
    """Return the relative names of the pictures shipped with BackCoach."""
    folder = paths.assets_dir() / ILLUSTRATIONS
    if not folder.is_dir():
        return []
    return sorted(
        f"{ILLUSTRATIONS}/{p.name}" for p in folder.iterdir() if p.suffix in IMAGE_SUFFIXES
    )


# --- saving ----------------------------------------------------------------------------------


def _clash(routine_id: str, catalog: Catalog, own_path: Path | None) -> Routine | None:
    found = catalog.find(routine_id)
    if found is None:
        return None
    if (
        own_path is not None
        and found.source_path is not None
        and found.source_path.resolve() == own_path.resolve()
    ):
        return None
    return found


def save_routine(
    document: dict[str, Any],
    *,
    original: Path | None = None,
    target: Path | None = None,
    catalog: Catalog | None = None,
) -> Path:
    """Validate ``document`` and write it atomically; return the file written.

    The file is ``<id>.json`` in the user routines folder, or ``target`` when given (a
    routine file opened from elsewhere). ``original`` is the file being edited: keeping
    its id is no clash, and when the id changed in the user folder the old file goes.
    """
    routine_id = str(document.get("id", ""))
    try:
        check_document(document, f"{routine_id or 'routine'}.json")
    except RoutineError as exc:
        raise SharingError(str(exc)) from None
    catalog = catalog or load_catalog()
    destination = target or paths.user_routines_dir() / f"{routine_id}.json"
    other = _clash(routine_id, catalog, original)
    if other is not None:
        if other.bundled:
            message = _(
                "the id '{id}' is already used by a bundled routine; give this routine its own id"
            )
        else:
            message = _("the id '{id}' is already used by {path}; give this routine its own id")
        raise SharingError(message.format(id=routine_id, path=other.source_path))
    if original is None and destination.exists():
        raise SharingError(
            _("{path} exists already; give this routine its own id").format(path=destination)
        )
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    _write(destination, data)
    user_dir = paths.user_routines_dir().resolve()
    if (
        original is not None
        and target is None
        and Path(original).resolve() != destination.resolve()
        and Path(original).resolve().parent == user_dir
        and Path(original).is_file()
    ):
        Path(original).unlink()
    return destination


def save_draft(document: dict[str, Any], key: str) -> Path:
    """Keep an unfinished routine (valid or not) as a draft named ``key``; return its file."""
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    path = drafts_dir() / f"{_safe_stem(key)}.json"
    _write(path, data)
    return path


def list_drafts() -> list[Path]:
    """Return the saved drafts, newest first."""
    folder = drafts_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.json"), key=_kept_at, reverse=True)


def _kept_at(path: Path) -> float:
    """Return when ``path`` was last written (0 when it cannot be looked at).

    A dangling link or a file removed meanwhile then sorts last, and says why when read.
    """
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def read_document(path: Path, display_name: str | None = None) -> dict[str, Any]:
    """Return the routine document in ``path`` (valid or not); the size is checked first.

    Raises ``SharingError`` naming the file (``display_name``, else the path) and the
    place when it cannot be read or is not one JSON object.
    """
    name = display_name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SharingError(
                _("{file}: is {size} bytes; the limit is {limit}").format(
                    file=name, size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}"
                )
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SharingError(_unreadable(name, exc)) from None
    return _parse(data, name)


def read_draft(path: Path) -> dict[str, Any] | None:
    """Return a draft's document, or None when it cannot be read as a JSON object."""
    try:
        return read_document(path)
    except SharingError:
        return None


AUTOSAVE_PREFIX = "autosave-"
"""How an autosave draft's file name starts (a kept draft's starts with ``draft-``)."""


@dataclass(frozen=True)
class Draft:
    """One file in the drafts folder: its document, or why it cannot be read."""

    path: Path
    kept: float
    """When it was written (seconds since the epoch)."""
    document: dict[str, Any] | None
    problem: str | None = None

    @property
    def autosave(self) -> bool:
        """Whether the editor wrote it by itself (rather than "Keep as draft")."""
        return self.path.name.startswith(AUTOSAVE_PREFIX)


def drafts() -> list[Draft]:
    """Return every draft, newest first; one that cannot be read says why (and is kept)."""
    found: list[Draft] = []
    for path in list_drafts():
        kept = _kept_at(path)
        if not kept and not path.is_symlink():
            continue  # gone meanwhile
        try:
            found.append(Draft(path, kept, read_document(path)))
        except SharingError as exc:
            found.append(Draft(path, kept, None, str(exc)))
    return found


def draft_source(path: Path, catalog: Catalog | None = None) -> EditSource:
    """Return what to edit for the draft in ``path`` (``SharingError`` if it is unreadable).

    Save finishes it into the routines folder, and the draft, finished, is removed; a draft
    of one of the user's routines (same id) is saved over that routine.
    """
    document = read_document(path)
    found = (catalog or load_catalog()).find(str(document.get("id", "")))
    own = found.source_path if found is not None and not found.bundled else None
    if own is not None and own.resolve().parent == paths.user_routines_dir().resolve():
        return EditSource(document, own, draft=path)
    return EditSource(document, draft=path)


def delete_draft(path: Path) -> None:
    """Delete the draft in ``path`` (only a file in the drafts folder; a link, not its target)."""
    if path.absolute().parent.resolve() != drafts_dir().resolve():
        raise SharingError(_("{file}: is not a draft").format(file=path))
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise SharingError(_unreadable(path, exc)) from None


# --- opening for editing ---------------------------------------------------------------------


@dataclass(frozen=True)
class EditSource:
    """What the editor opens: the document, the file it came from, and where Save writes.

    ``original`` is the user's file being edited (None for a new routine or a copy);
    ``target`` is set when the file lies outside the user folder (Save writes it back);
    ``draft`` is the draft or autosave this edit finishes (removed once it is saved).
    """

    document: dict[str, Any]
    original: Path | None = None
    target: Path | None = None
    draft: Path | None = None


def open_for_editing(reference: str | None, catalog: Catalog | None = None) -> EditSource:
    """Return what to edit for ``backcoach edit [ROUTINE|FILE]``.

    No reference: a new routine. A bundled id: a copy of it with a new id. The id of one of
    the user's routines: that file. A path: that file, saved back where it is (a draft is
    saved into the routines folder instead).
    """
    from backcoach.core.routine.document import copy_for_editing, template

    catalog = catalog or load_catalog()
    taken = {r.routine_id for r in catalog.routines}
    if not reference:
        return EditSource(template("blank", taken))
    candidate = Path(reference).expanduser()
    if reference.endswith(".json") or candidate.is_file() or "/" in reference:
        folder = candidate.resolve().parent
        if folder == drafts_dir().resolve():
            return draft_source(candidate, catalog)  # finished into the routines folder
        document = read_document(candidate, reference)
        in_user_folder = folder == paths.user_routines_dir().resolve()
        return EditSource(document, candidate, None if in_user_folder else candidate)
    found = catalog.find(reference)
    if found is None or found.source_path is None:
        if taken:
            message = _("{reference}: no routine has this id (known ids: {known})")
        else:
            message = _("{reference}: no routine has this id (there are no routines)")
        raise SharingError(message.format(reference=reference, known=join_list(sorted(taken))))
    document = _parse(found.source_path.read_bytes(), str(found.source_path))
    if found.bundled:
        return EditSource(copy_for_editing(document, taken))
    return EditSource(document, found.source_path)


# --- importing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Package:
    """A routine read from an import file: its document and the pictures it brings."""

    document: dict[str, Any]
    pictures: dict[str, bytes]


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    mode = info.external_attr >> 16
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
        return _("the member '{name}' has an absolute or Windows path").format(name=name)
    if ".." in PurePosixPath(name).parts:
        return _("the member '{name}' points outside the zip ('..')").format(name=name)
    if stat.S_ISLNK(mode):
        return _("the member '{name}' is a link").format(name=name)
    if info.flag_bits & 0x1:
        return _("the member '{name}' is encrypted").format(name=name)
    return None


def _read_zip(path: Path) -> _Package:
    name = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SharingError(
            _("{file}: is not a readable zip file ({reason})").format(file=name, reason=exc)
        ) from None
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > MAX_ZIP_MEMBERS:
            raise SharingError(
                _("{file}: holds {count} files; the limit is {limit}").format(
                    file=name, count=len(infos), limit=MAX_ZIP_MEMBERS
                )
            )
        total = 0
        for info in archive.infolist():
            problem = _member_problem(info)
            if problem:
                raise SharingError(
                    _("{file}: {problem}; nothing was imported").format(file=name, problem=problem)
                )
            total += info.file_size
        if total > MAX_ZIP_TOTAL_BYTES:
            raise SharingError(
                _("{file}: would unpack to {size} MB; the limit is {limit} MB").format(
                    file=name, size=f"{total / 1048576:.0f}", limit=MAX_ZIP_TOTAL_BYTES // 1048576
                )
            )
        routines = [i for i in infos if "/" not in i.filename and i.filename.endswith(".json")]
        if len(routines) != 1:
            raise SharingError(
                _("{file}: a routine zip holds exactly one .json file at its top").format(file=name)
            )
        pictures: dict[str, bytes] = {}
        for info in infos:
            if info is routines[0]:
                continue
            parts = PurePosixPath(info.filename).parts
            if parts[0] != "assets" or len(parts) < 2:
                raise SharingError(
                    _("{file}: unexpected member '{member}' (only assets/)").format(
                        file=name, member=info.filename
                    )
                )
            if info.file_size > MAX_IMAGE_BYTES:
                raise SharingError(
                    _("{file}: {member}: pictures may be at most 2 MB").format(
                        file=name, member=info.filename
                    )
                )
            data = _read_member(archive, info, MAX_IMAGE_BYTES, name)
            try:
                check_image_bytes(data, info.filename)
            except SharingError as exc:
                raise SharingError(f"{name}: {exc}") from None
            pictures["/".join(parts[1:])] = data
        if routines[0].file_size > MAX_FILE_BYTES:
            raise SharingError(
                _("{file}: {member} is larger than 1 MB").format(
                    file=name, member=routines[0].filename
                )
            )
        data = _read_member(archive, routines[0], MAX_FILE_BYTES, name)
    return _Package(_parse(data, f"{name}:{routines[0].filename}"), pictures)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, name: str) -> bytes:
    """Read one member, never more than ``limit`` bytes whatever its header claims."""
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
        raise SharingError(
            _("{file}: {member} cannot be read ({reason})").format(
                file=name, member=info.filename, reason=exc
            )
        ) from None
    if len(data) > limit:
        raise SharingError(
            _("{file}: {member} is larger than its limit").format(file=name, member=info.filename)
        )
    return data


def _parse(data: bytes, display_name: str) -> dict[str, Any]:
    try:
        document = parse_routine_bytes(data, display_name)
    except RoutineError as exc:
        raise SharingError(str(exc)) from None
    if not isinstance(document, dict):
        raise SharingError(
            _("{file}: must hold one JSON object (a routine)").format(file=display_name)
        )
    return document


def _read_json_file(path: Path) -> _Package:
    """Read a plain routine file and the pictures it names from its own folder."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SharingError(_unreadable(path, exc)) from None
    document = _parse(data, str(path))
    folder = path.parent.resolve()
    pictures: dict[str, bytes] = {}
    bundled = paths.assets_dir()
    for step in _all_steps(document):
        name = step.get("illustration")
        if not isinstance(name, str) or (bundled / name).is_file():
            continue
        for base in (folder / "assets", folder):
            candidate = (base / name).resolve()
            if not candidate.is_relative_to(folder):
                raise SharingError(
                    _("{file}: the picture '{name}' lies outside the routine's folder").format(
                        file=path, name=name
                    )
                )
            if candidate.is_file():
                pictures[name] = read_image(candidate)
                break
    return _Package(document, pictures)


def _all_steps(document: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for step in document.get("steps", []) if isinstance(document.get("steps"), list) else []:
        if isinstance(step, dict):
            yield step
            for inner in step.get("steps", []) if isinstance(step.get("steps"), list) else []:
                if isinstance(inner, dict):
                    yield inner


def read_package(path: Path) -> _Package:
    """Read an import file (a routine ``.json`` or a routine ``.zip``) without writing anything."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SharingError(_unreadable(path, exc)) from None
    if not path.is_file():
        raise SharingError(_("{file}: is not a file").format(file=path))
    is_zip = path.suffix.lower() == ".zip"
    limit = MAX_ZIP_BYTES if is_zip else MAX_FILE_BYTES
    if size > limit:
        raise SharingError(
            _("{file}: is {size} bytes; the limit is {limit} bytes").format(
                file=path, size=f"{size:,}", limit=f"{limit:,}"
            )
        )
    return _read_zip(path) if is_zip else _read_json_file(path)


def _validate_package(package: _Package, display_name: str) -> None:
    """Validate with the package's own pictures visible (in a scratch folder)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="backcoach-import-") as scratch:
        for relative, data in package.pictures.items():
            target = Path(scratch) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            routine_from_document(
                package.document,
                display_name,
                assets_dirs=[Path(scratch), *assets_search_dirs()],
            )
        except RoutineError as exc:
            raise SharingError(str(exc)) from None


def import_routine(
    path: Path, *, replace: bool = False, catalog: Catalog | None = None
) -> Imported:
    """Import one routine file or zip into the user's folder; nothing is written if it fails.

    An id that exists already is refused unless ``replace``; then the old file is moved
    to the backups folder first. A bundled routine's id is always refused.
    """
    path = Path(path)
    package = read_package(path)
    _validate_package(package, str(path))
    routine_id = str(package.document["id"])
    catalog = catalog or load_catalog()
    existing = catalog.find(routine_id)
    backup: Path | None = None
    if existing is not None:
        if existing.bundled:
            raise SharingError(
                _("{file}: the id '{id}' belongs to a bundled routine; change the id").format(
                    file=path, id=routine_id
                )
            )
        if not replace:
            raise SharingError(
                _(
                    "{file}: a routine with the id '{id}' exists already ({path});"
                    " use --replace to replace it (it is kept as a backup)"
                ).format(file=path, id=routine_id, path=existing.source_path)
            )
        if existing.source_path is not None and existing.source_path.is_file():
            stamp = time.strftime("%Y%m%d-%H%M%S")
            backup = backups_dir() / f"{routine_id}-{stamp}.json"
            try:
                old = existing.source_path.read_bytes()
            except OSError as exc:
                raise SharingError(_unreadable(existing.source_path, exc)) from None
            _write(backup, old)
            try:
                existing.source_path.unlink()
            except OSError as exc:
                message = _("{file}: cannot be replaced ({reason})")
                raise SharingError(
                    message.format(file=existing.source_path, reason=exc.strerror or exc)
                ) from None
    for relative, data in package.pictures.items():
        _write(user_assets_dir() / relative, data)
    target = paths.user_routines_dir() / f"{routine_id}.json"
    data = (json.dumps(package.document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    _write(target, data)
    return Imported(routine_id, target, backup)


# --- exporting -------------------------------------------------------------------------------


def own_pictures(routine: Routine) -> dict[str, Path]:
    """Return the routine's pictures that are not bundled: relative name -> file."""
    bundled = paths.assets_dir().resolve()
    result: dict[str, Path] = {}
    document = json.loads(routine.source_path.read_bytes()) if routine.source_path else {}
    for step in _all_steps(document):
        name = step.get("illustration")
        if isinstance(name, str) and not (bundled / name).is_file():
            for base in (
                (
                    routine.source_path.parent / "assets",
                    routine.source_path.parent,
                    user_assets_dir(),
                )
                if routine.source_path
                else ()
            ):
                if (base / name).is_file():
                    result[name] = base / name
                    break
    return result


def export_routine(routine: Routine, out: Path) -> Path:
    """Write ``routine`` as one self-contained file: its JSON, or a zip with its own pictures."""
    if routine.source_path is None:
        raise SharingError(_("{id}: has no file to export").format(id=routine.routine_id))
    try:
        data = routine.source_path.read_bytes()
        pictures = own_pictures(routine)
    except OSError as exc:
        raise SharingError(_unreadable(routine.source_path, exc)) from None
    out = Path(out)
    if not pictures:
        _write(out, data)
        return out
    if out.suffix.lower() != ".zip":
        raise SharingError(
            _("{file}: '{id}' has pictures of its own; export it to a .zip file").format(
                file=out, id=routine.routine_id
            )
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{routine.routine_id}.json", data)
        for relative, file in sorted(pictures.items()):
            try:
                archive.writestr(f"assets/{relative}", file.read_bytes())
            except OSError as exc:
                raise SharingError(_unreadable(file, exc)) from None
    _write(out, buffer.getvalue())
    return out
