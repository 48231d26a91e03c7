"""Reading and writing nnteach's JSON files safely: bounded, ordinary files only, nothing ever executed.

:func:`nnteach.save` / :func:`nnteach.load` and :mod:`nnteach.graph`'s readers (its own format and
Synaptic's ``toJSON()``) read through :func:`read_json`, which

* opens the path without blocking and refuses anything but an ordinary file (a folder, ``/dev/zero``,
  a FIFO, a socket), so a read always ends promptly;
* reads at most ``max_bytes + 1`` bytes and refuses a longer file: the size the file system reports
  is never trusted (a file may grow, a device may report 0);
* counts the brackets, braces and quotes of the text before parsing it, and the numbers while
  parsing it, so that the number of Python objects parsing can make is bounded too (see
  :data:`MAX_LISTS`, :data:`MAX_OBJECTS`, :data:`MAX_STRINGS`, :data:`MAX_FILE_NUMBERS`), refuses
  integers longer than :data:`MAX_INT_DIGITS` digits and the non-standard tokens ``NaN``,
  ``Infinity`` and ``-Infinity``;
* turns every problem into a ``ValueError`` that names the file and says what was wrong (a missing
  file is a :class:`MissingFileError`, which is both a ``FileNotFoundError`` and a ``ValueError``).

Memory while parsing is therefore bounded whatever the content: about 2.5 times the file's size for a
saved model at the cap (its bytes, their text, then one Python float per number: 39 MB for a 15.6 MB
file), and about 3.5 times :data:`MAX_BYTES` for the most wasteful legal content (a million numbers
written ``0.0``); a file above the cap costs the cap.  (The project's benchmarks measure these cases.)
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from .validation import check_path

__all__ = ["MAX_BYTES", "MAX_INT_DIGITS", "MAX_LISTS", "MAX_OBJECTS", "MAX_STRINGS", "MAX_FILE_NUMBERS", "MissingFileError",
           "read_json", "read_bounded", "parse_json", "write_json"]

#: The largest file nnteach reads (16 MiB).  A saved model needs about 22 bytes per parameter at full
#: precision, so the cap holds about 750 000 parameters: a learner's MNIST-size ``Perceptron(784, 256, 10)``
#: (203 530 parameters, 4.5 MB) fits with room to spare; the course's largest model has a few thousand.
MAX_BYTES = 16 * 1024 * 1024

#: No integer in a file may be longer than this (a seed has at most 39 digits).
MAX_INT_DIGITS = 40

#: The most ``[`` characters (lists), ``{`` characters (objects) and ``"`` characters (two per string)
#: a file may contain (counted in the raw text before parsing, strings included, so the count is an
#: upper bound).  A saved matrix model has two lists and one object per parameter array; a graph
#: network one object per unit and per connection (see :data:`nnteach.graph.serial.MAX_CONNECTIONS`).
MAX_LISTS = 100_000
MAX_OBJECTS = 500_000
MAX_STRINGS = 2_000_000

#: The most numbers a file may hold (each becomes a Python object of 32 bytes while parsing).  A model
#: at full precision reaches the byte cap first (about 750 000 parameters); this bounds the files
#: whose numbers are written short (``0.0``).  :func:`nnteach.save` refuses a model with more parameters.
MAX_FILE_NUMBERS = 1_000_000


class MissingFileError(FileNotFoundError, ValueError):
    """The file (or the folder it should be in) does not exist.  Also a ``ValueError``, like every other
    problem with a file nnteach reads."""


class _Refused(ValueError):
    """Raised by the parser hooks; the reader turns it into a ValueError naming the file."""


def read_bounded(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the ordinary file ``path``: at most ``max_bytes``, read without trusting ``st_size``.

    Raises:
        MissingFileError: no such file.
        ValueError: a folder, a device, a FIFO or a socket; a file longer than ``max_bytes``; the file
            cannot be opened (a symbolic-link loop, no permission, …).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise MissingFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ValueError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot open it ({exc.strerror or exc})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ValueError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise ValueError(f"{path}: is not an ordinary file (a device, a pipe or a socket); "
                             "nnteach reads only ordinary files")
        chunks, size = [], 0
        while size <= max_bytes:                  # read(cap + 1) in pieces: the file may be shorter or grow
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if size > max_bytes:
        raise ValueError(f"{path}: the file is larger than {max_bytes / 2**20:g} MiB, the most nnteach reads")
    return b"".join(chunks)


def parse_json(data: bytes, source: str, kind: str = "JSON file") -> Any:
    """Parse ``data`` (UTF-8 JSON text) with the bounds of the module docstring.

    Raises:
        ValueError: ``"{source}: not a valid {kind}: …"`` saying what was wrong.
    """
    def bad(why: str) -> ValueError:
        return ValueError(f"{source}: not a valid {kind}: {why}")

    for char, limit, what in ((b"[", MAX_LISTS, "lists"), (b"{", MAX_OBJECTS, "objects"),
                              (b'"', 2 * MAX_STRINGS, "quote characters")):
        count = data.count(char)
        if count > limit:
            raise bad(f"it holds {count:,} {what}; nnteach files hold at most {limit:,}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise bad(f"it is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    del data
    count = [0]

    def number(token: str, convert) -> float | int:
        count[0] += 1
        if count[0] > MAX_FILE_NUMBERS:
            raise _Refused(f"it holds more than {MAX_FILE_NUMBERS:,} numbers, the most an nnteach file holds")
        return convert(token)

    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=lambda t: number(t, float),
                          parse_int=lambda t: number(t, _bounded_int))
    except _Refused as exc:
        raise bad(str(exc)) from None
    except RecursionError:
        raise bad("it is nested too deeply") from None
    except ValueError as exc:          # json.JSONDecodeError and int conversion errors
        raise bad(f"cannot parse JSON ({exc})") from None


def _refuse_constant(token: str):
    raise _Refused(f"{token} is not allowed (JSON has no NaN or infinity; every number must be finite)")


def _bounded_int(token: str) -> int:
    digits = len(token) - token.startswith("-")
    if digits > MAX_INT_DIGITS:
        raise _Refused(f"it holds an integer of {digits} digits; nnteach files hold no integer longer than "
                       f"{MAX_INT_DIGITS} digits")
    return int(token)


def read_json(path: Any, what: str = "path", *, kind: str = "JSON file", max_bytes: int = MAX_BYTES) -> Any:
    """Read and parse the JSON file at ``path`` safely (see the module docstring).

    Args:
        path: a ``str`` or ``pathlib.Path`` (anything else is a ``TypeError`` naming ``what``).
        what: the argument's name, for messages.
        kind: what the file should be, for messages ("nnteach model file").
        max_bytes: the cap.
    """
    path = check_path(path, what)
    return parse_json(read_bounded(path, max_bytes), str(path), kind)


def write_json(path: Any, data: Any, what: str = "path", *, max_bytes: int = MAX_BYTES) -> Path:
    """Write ``data`` as JSON to ``path`` (a file :func:`read_json` will read back); returns the path.

    Raises:
        TypeError: ``path`` is not a path, or ``data`` holds something JSON cannot store.
        ValueError: a non-finite float; the text would be longer than ``max_bytes`` (it could not be read
            back); ``path`` is a folder.
        MissingFileError: the folder ``path`` should be in does not exist.
    """
    path = check_path(path, what)
    text = json.dumps(data, allow_nan=False)
    if len(text) > max_bytes:
        raise ValueError(f"cannot write {path}: the file would be {len(text) / 2**20:.1f} MiB, more than the "
                         f"{max_bytes / 2**20:g} MiB nnteach reads back")
    if path.is_dir():
        raise ValueError(f"{what} {path} is a folder; give a file name such as {path / 'model.json'}")
    if not path.parent.is_dir():
        raise MissingFileError(f"cannot write {path}: the folder {path.parent} does not exist")
    path.write_text(text, encoding="utf-8")
    return path
