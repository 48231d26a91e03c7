"""Shared by the hostile-input suites (tests/test_hostile_inputs_*.py): one way to state a misuse case.

A case is ``(id, call, kind, names)``: calling ``call()`` must raise ``kind`` — ``TypeError`` for an
argument of the wrong type, ``ValueError`` (and not a ``TypeError``) for a wrong value or shape — with
a message that matches the regular expression ``names`` (the argument's name, and what was expected).
"""
import re

import pytest

T, V = TypeError, ValueError


def expect(call, kind, names: str) -> BaseException:
    """Run ``call`` and check the error's kind and message; returns the error."""
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    err = info.value
    if kind is TypeError:
        assert isinstance(err, TypeError), f"expected a TypeError, got {type(err).__name__}: {err}"
    else:
        assert isinstance(err, ValueError) and not isinstance(err, TypeError), \
            f"expected a ValueError (a wrong value, not a wrong type), got {type(err).__name__}: {err}"
    assert re.search(names, str(err)), f"the message should name {names!r}; it says: {err}"
    return err


def ids(cases) -> list[str]:
    return [c[0] for c in cases]
