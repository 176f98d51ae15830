"""Which characters a regular expression cannot match without: a cheap test before the scan.

``required_chars(pattern)`` reads the pattern's syntax tree and returns a small set of
characters such that every match contains at least one of them, or None when there is no
such set worth testing (a pattern that can match anything, or one ``re`` cannot parse).  A
sentence that holds none of them is skipped without running the pattern at all; the
result is the same, because the pattern could not have matched there.

Only what must be consumed counts: literals and small classes, inside groups, repeats of at
least one, and alternations whose every branch has a set (their union).  Look-arounds,
back-references, ``.``, negated and large classes give nothing.  Of the candidate sets in a
sequence the smallest is kept: fewer characters, fewer sentences that pass.
"""
from __future__ import annotations

import re
from typing import Optional

try:                                  # Python 3.11+
    from re import _constants as _c, _parser as _p
except ImportError:                   # pragma: no cover - Python 3.10
    import sre_constants as _c        # type: ignore[no-redef]
    import sre_parse as _p            # type: ignore[no-redef]

MAX_CLASS = 32           # a class of more characters than this is no filter worth having


# Templates (kg.extract.template) write every mention as ⟦Type#n⟧ (times ⟪n⟫): those
# characters are in nearly every template, so a set that holds one of them filters nothing.
TEMPLATE_CHARS = frozenset("⟦⟧⟪⟫#0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def required_chars(pattern: str, flags: int = 0, ignore: frozenset = frozenset()) -> Optional[frozenset[str]]:
    """A set of characters every match of ``pattern`` contains one of, or None.  Sets that
    hold a character of ``ignore`` are not candidates."""
    try:
        tree = _p.parse(pattern, flags)
    except (re.error, TypeError, ValueError, OverflowError, RecursionError):
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    found = _sequence(list(tree), ignore)
    return frozenset(found) if found else None


def template_needs(regex) -> Optional[frozenset[str]]:
    """required_chars of a template pattern, leaving out the slots' own characters."""
    return required_chars(getattr(regex, "pattern", ""), getattr(regex, "flags", 0) & re.IGNORECASE,
                          TEMPLATE_CHARS)


def _sequence(items, ignore: frozenset) -> Optional[set[str]]:
    best: Optional[set[str]] = None
    for op, arg in items:
        got = _item(op, arg, ignore)
        if got and not ignore.isdisjoint(got):
            got = None
        if got and (best is None or len(got) < len(best)):
            best = got
    return best


def _item(op, arg, ignore: frozenset) -> Optional[set[str]]:
    if op is _c.LITERAL:
        return {chr(arg)}
    if op is _c.IN:
        return _klass(arg)
    if op is _c.SUBPATTERN:
        group, add_flags, del_flags, sub = arg
        if add_flags & re.IGNORECASE:
            return None
        return _sequence(list(sub), ignore)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = arg
        return _sequence(list(sub), ignore) if low >= 1 else None
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(list(arg), ignore)
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            got = _sequence(list(branch), ignore)
            if not got:
                return None
            union |= got
        return union if len(union) <= MAX_CLASS * 4 else None
    return None                       # ANY, NOT_LITERAL, AT, ASSERT, ASSERT_NOT, GROUPREF, ...


def _klass(items) -> Optional[set[str]]:
    chars: set[str] = set()
    for op, arg in items:
        if op is _c.LITERAL:
            chars.add(chr(arg))
        elif op is _c.RANGE and arg[1] - arg[0] < MAX_CLASS:
            chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
        else:                         # NEGATE, CATEGORY (\d, \w), large ranges
            return None
    return chars if len(chars) <= MAX_CLASS else None
