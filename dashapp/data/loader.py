"""Find and read every known source file in a flat data directory.

A file that fails to read is reported (file, line, column, reason) and, where an earlier
read of the same kind succeeded, that earlier frame is served instead: one broken feed
never hides the others.

Before a reader sees a file, the loader looks at it (``inspect``): a directory, a named pipe
or device (opening it could block the refresh for ever), a symbolic link to nothing or to a
file outside the data directory, or a file larger than its kind's ``max_bytes`` is refused at
once, without reading a byte. Any exception of a reader refuses its file (``read_checked``).
After the reader is done, the loader looks again: a file whose size, modification time or
inode changed meanwhile was being written or replaced while it was read, and that read is
refused (the next refresh reads the file again).

A file whose signature (size, modification time, inode) equals that of the file the served
frame came from is not read again: its frame is reused.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType

from dashapp.data.errors import Problem, SourceError, refusal
from dashapp.data.reference import Reference
from dashapp.data.sources import ALL_SPECS
from dashapp.data.sources.base import MB, NO_CONTEXT, ReadContext, SourceFrame, SourceSpec

log = logging.getLogger(__name__)

READ_THREADS = 2


def read_context(reference: Reference, today: date) -> ReadContext:
    """What files are checked against: today, the codes the dashboard can place, their inhabitants."""
    municipalities = frozenset(reference.municipalities) | {s.new_code for s in reference.successors}
    return ReadContext(
        today=today,
        municipalities=municipalities,
        regions=frozenset(reference.regions),
        inhabitants=_inhabitants(reference),
    )


def _inhabitants(reference: Reference) -> Mapping[str, int]:
    """Inhabitants per municipality code, a later municipality counting all those it was formed from.

    A municipality formed partly from an older one gets all of that one's inhabitants: an
    upper bound, which is all a plausibility check needs.
    """
    counts = dict(reference.inhabitants("gm"))
    formed_from: dict[str, set[str]] = {}
    # In date order, so that a municipality formed from a later one counts that one's total.
    for successor in sorted(reference.successors, key=lambda step: step.effective):
        formed_from.setdefault(successor.new_code, set()).add(successor.old_code)
    for new_code, old_codes in formed_from.items():
        if new_code not in reference.municipalities:
            counts[new_code] = sum(counts.get(code, 0) for code in old_codes)
    return MappingProxyType(counts)


@dataclass(frozen=True)
class SourceStatus:
    """What the last refresh knows of one kind of source, for /healthz and the page.

    ``file`` is the file whose data is served, or the refused file when no data of this kind
    was ever read (``None``: no file of this kind). ``problem`` says why the newest file was
    refused; it may name another file than ``file`` (a newer nursing-home delivery, say),
    and ``serving_previous`` says that the older data is served meanwhile.
    """

    kind: str
    description: str
    file: str | None
    ok: bool
    rows: int = 0
    obtained_on: date | None = None
    first_date: date | None = None
    last_date: date | None = None
    problem: Problem | None = None
    notes: tuple[str, ...] = ()
    serving_previous: bool = False

    @property
    def present(self) -> bool:
        return self.file is not None

    @property
    def error(self) -> str | None:
        return self.problem.describe() if self.problem else None

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "ok": self.ok,
            "rows": self.rows,
            "obtained_on": self.obtained_on.isoformat() if self.obtained_on else None,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "error": self.error,
            "problem": self.problem.to_json() if self.problem else None,
            "notes": list(self.notes),
            "serving_previous": self.serving_previous,
        }


@dataclass(frozen=True, slots=True)
class FileSignature:
    """What identifies one version of a file without reading it."""

    size: int
    mtime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, info: os.stat_result) -> FileSignature:
        return cls(info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)


@dataclass(frozen=True)
class LoadResult:
    frames: Mapping[str, SourceFrame]
    statuses: Mapping[str, SourceStatus]
    problems: tuple[Problem, ...] = field(default=())
    # Kind -> signature of the file its frame was read from (for reuse by the next load).
    signatures: Mapping[str, FileSignature] = field(default_factory=dict)


def matching_files(directory: Path, specs: Iterable[SourceSpec] = ALL_SPECS) -> dict[SourceSpec, Path]:
    """The entry each spec would read: the last-sorting name that matches its pattern.

    Every entry of the directory counts, directories and broken symbolic links too, so that
    the loader can say what is wrong with them instead of silently skipping a feed.
    """
    names = sorted(os.listdir(directory))
    found: dict[SourceSpec, Path] = {}
    for spec in specs:
        candidates = [name for name in names if fnmatch.fnmatchcase(name, spec.pattern)]
        if candidates:
            found[spec] = directory / candidates[-1]
    return found


def fingerprint(directory: Path, specs: Iterable[SourceSpec] = ALL_SPECS) -> str:
    """Changes whenever a source file is added, removed, replaced or touched."""
    digest = hashlib.sha1()
    for spec, path in sorted(matching_files(directory, specs).items(), key=lambda item: item[0].pattern):
        try:
            info = path.stat()
        except OSError:
            try:
                info = path.lstat()
            except OSError:
                continue
        digest.update(f"{spec.kind}|{path.name}|{info.st_mode}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _megabytes(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def _link_target(path: Path, directory: Path) -> Path | None:
    """Where a symbolic link leads, relative to the data directory (``None``: no link, or a loop).

    A link that leads outside the directory is refused: it would let whoever can write into
    the data directory make the dashboard read (and describe) any file the process can read.
    """
    if not path.is_symlink():
        return None
    try:
        target, root = path.resolve(), directory.resolve()
    except (OSError, RuntimeError):  # a loop of links: stat() below names it
        return None
    if not target.is_relative_to(root):
        raise SourceError(
            path, "is a symbolic link to a file outside the data directory: refused without reading it"
        )
    return target.relative_to(root)


def inspect(spec: SourceSpec, path: Path, directory: Path | None = None) -> FileSignature:
    """Refuse, without reading it, an entry that is no readable regular file of a sane size.

    ``directory`` is the data directory (by default the entry's own folder), which a
    symbolic link must not lead out of.
    """
    target = _link_target(path, path.parent if directory is None else directory)
    try:
        info = path.stat()
    except FileNotFoundError as error:
        if target is not None:
            raise SourceError(path, f"is a symbolic link to {target}, which does not exist") from error
        raise SourceError(path, "file not found (it disappeared while the directory was listed)") from error
    except OSError as error:
        raise SourceError(path, f"cannot look at the file ({error.strerror})") from error
    if stat.S_ISDIR(info.st_mode):
        raise SourceError(path, "is a directory, not a file")
    for test, name in _NOT_REGULAR:
        if test(info.st_mode):
            raise SourceError(path, f"is {name}, not a regular file (reading it could block)")
    if info.st_size > spec.max_bytes:
        raise SourceError(
            path,
            f"file is {_megabytes(info.st_size)}, more than the {_megabytes(spec.max_bytes)} allowed for"
            " this kind of file: refused without reading it",
        )
    return FileSignature.of(info)


def _moment(mtime_ns: int) -> str:
    return datetime.fromtimestamp(mtime_ns / 1e9, UTC).isoformat(timespec="milliseconds")


def describe_change(before: FileSignature, after: FileSignature) -> str:
    changes = []
    if after.size != before.size:
        changes.append(f"size {before.size:,} -> {after.size:,} bytes")
    if after.mtime_ns != before.mtime_ns:
        changes.append(f"modified {_moment(before.mtime_ns)} -> {_moment(after.mtime_ns)}")
    if (after.inode, after.device) != (before.inode, before.device):
        changes.append("replaced by another file")
    return (
        f"file changed while it was being read ({'; '.join(changes)}): this read is refused"
        " and the file is read again at the next refresh"
    )


def read_checked(
    spec: SourceSpec, path: Path, context: ReadContext = NO_CONTEXT, directory: Path | None = None
) -> tuple[SourceFrame, FileSignature]:
    """Inspect, read, and make sure the file did not change during the read.

    Whatever a reader raises becomes a SourceError naming the file: a reader's own
    SourceError as it is, any other exception (a JSON nested too deeply for the parser,
    memory running out, a bug) as a short reason that names its kind but never quotes
    its message, which may hold the file's content.
    """
    before = inspect(spec, path, directory)
    try:
        frame = spec.read(path, context)
    except SourceError:
        raise
    except Exception as error:
        # The traceback is for a developer's debug log only: its message may quote the file.
        log.debug("reader of %s failed", path.name, exc_info=True)
        raise refusal(path, error) from None
    try:
        after = FileSignature.of(path.stat())
    except OSError as error:
        raise SourceError(path, "file disappeared while it was being read") from error
    if after != before:
        raise SourceError(path, describe_change(before, after))
    return frame, before


def _date_span(frame: SourceFrame) -> tuple[date | None, date | None]:
    column = next((c for c in ("date", "week_start") if c in frame.frame.columns), None)
    if column is None or frame.frame.empty:
        return None, None
    values = frame.frame[column]
    return values.min().date(), values.max().date()


def _status(
    spec: SourceSpec, frame: SourceFrame, *, problem: Problem | None = None, previous: bool = False
) -> SourceStatus:
    first, last = _date_span(frame)
    return SourceStatus(
        kind=spec.kind,
        description=spec.description,
        file=frame.path.name,
        ok=problem is None,
        rows=frame.rows,
        obtained_on=frame.obtained_on,
        first_date=first,
        last_date=last,
        problem=problem,
        notes=frame.notes,
        serving_previous=previous,
    )


def _unchanged(
    spec: SourceSpec, path: Path, old: SourceFrame | None, signature: FileSignature | None, directory: Path
) -> bool:
    """Whether ``path`` is the very file ``old`` was read from (same name and signature)."""
    if old is None or signature is None or old.path.name != path.name:
        return False
    return inspect(spec, path, directory) == signature


def _unchanged_or_problem(
    spec: SourceSpec, path: Path, old: SourceFrame | None, signature: FileSignature | None, directory: Path
) -> bool | SourceError:
    """``_unchanged``, or the refusal of an entry that cannot even be looked at."""
    try:
        return _unchanged(spec, path, old, signature, directory)
    except SourceError as error:
        return error


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def load_directory(
    directory: Path,
    previous: Mapping[str, SourceFrame] | None = None,
    specs: Iterable[SourceSpec] = ALL_SPECS,
    *,
    context: ReadContext = NO_CONTEXT,
    signatures: Mapping[str, FileSignature] | None = None,
) -> LoadResult:
    """Read every source of ``directory``; a refused file's kind keeps its ``previous`` frame.

    With ``signatures`` (of the files the ``previous`` frames came from), a file that has
    not changed is not read again. Files are read by ``READ_THREADS`` threads, the largest first:
    while one thread waits on Arrow's parser or NumPy (which release the GIL), the other checks
    a smaller file.
    """
    previous = previous or {}
    signatures = signatures or {}
    specs = tuple(specs)
    frames: dict[str, SourceFrame] = {}
    read_from: dict[str, FileSignature] = {}
    statuses: dict[str, SourceStatus] = {}
    problems: list[Problem] = []
    found = matching_files(directory, specs)
    unchanged = {
        spec: _unchanged_or_problem(spec, path, previous.get(spec.kind), signatures.get(spec.kind), directory)
        for spec, path in found.items()
    }
    to_read = [(spec, path) for spec, path in found.items() if unchanged[spec] is False]
    with ThreadPoolExecutor(max_workers=READ_THREADS, thread_name_prefix="read") as pool:
        reads = {
            spec: pool.submit(read_checked, spec, path, context, directory)
            for spec, path in sorted(to_read, key=lambda item: -_size(item[1]))  # the largest first
        }
        for spec, path in found.items():
            kind = spec.kind
            old = previous.get(kind)
            try:
                looked = unchanged[spec]
                if isinstance(looked, SourceError):
                    raise looked
                if looked is True and old is not None:
                    frame, signature = old, signatures[kind]
                else:
                    frame, signature = reads[spec].result()
            except SourceError as error:
                problem = error.problem()
                log.error("source %s refused: %s", kind, problem.describe())
                problems.append(problem)
                if kind in statuses and statuses[kind].ok:
                    continue  # another format of this feed was read fine
                if old is not None:
                    frames[kind] = old
                    if kind in signatures:
                        read_from[kind] = signatures[kind]
                    statuses[kind] = _status(spec, old, problem=problem, previous=True)
                else:
                    statuses[kind] = SourceStatus(kind, spec.description, path.name, False, problem=problem)
                continue
            # Two formats of one feed (e.g. GGD tests as JSON and CSV): the newer publication wins.
            current = frames.get(kind)
            if current is None or not statuses[kind].ok or frame.obtained_on > current.obtained_on:
                frames[kind] = frame
                read_from[kind] = signature
                statuses[kind] = _status(spec, frame)
    for spec in specs:
        if spec.kind in statuses:
            continue
        old = previous.get(spec.kind)
        if old is not None:
            problem = Problem(old.path.name, "file is no longer present")
            problems.append(problem)
            frames[spec.kind] = old
            if spec.kind in signatures:
                read_from[spec.kind] = signatures[spec.kind]
            statuses[spec.kind] = _status(spec, old, problem=problem, previous=True)
        else:
            statuses[spec.kind] = SourceStatus(spec.kind, spec.description, None, False)
    return LoadResult(frames, statuses, tuple(problems), read_from)
