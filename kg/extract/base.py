"""Rule base class, the registry of rule kinds, and spec-checking helpers.

A rule kind is a class registered under a name with ``@rule_kind("name")``.
The built-in kinds use the same decorator an outside kind would.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterable

from ..errors import RuleError
from ..registry import Registry
from ..model import ENTITY_TYPES, MENTION_TYPES

RULE_KINDS: Registry = Registry("rule kind", code="E406")
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
COMMON_KEYS = {"id", "kind", "description", "priority", "examples", "enabled", "foreign_name", "__line__"}


def rule_kind(name: str) -> Callable[[type["Rule"]], type["Rule"]]:
    """Class decorator: register a Rule subclass under ``name``."""
    def register(cls: type["Rule"]) -> type["Rule"]:
        cls.kind = name
        return RULE_KINDS.add(name, cls)
    return register


@dataclass(frozen=True)
class Where:
    """Location of a rule, for error messages."""

    path: Path
    line: int
    rule: str = "?"

    def fail(self, detail: str, code: str = "E202", **extra: Any) -> RuleError:
        return RuleError(code, path=self.path, line=self.line, rule=self.rule, detail=detail, **extra)


@dataclass
class Rule:
    """Common fields of every rule; kinds add their own and implement a stage."""

    id: str
    where: Where
    description: str = ""
    priority: int = 0
    examples: list[dict] = field(default_factory=list)
    #: the rule finds names by their foreign shape (transliterated, Japanese, dot-joined): such a
    #: person does not hold a bare title read as the home country's post (总理 = 国务院总理)
    foreign_name: bool = False

    kind: ClassVar[str] = ""
    #: Pipeline stage: entity, nested, compose, relation, statistic, context.
    stage: ClassVar[str] = ""
    #: Keys this kind accepts besides COMMON_KEYS.
    keys: ClassVar[frozenset[str]] = frozenset()
    default_priority: ClassVar[int] = 0

    @classmethod
    def from_spec(cls, spec: dict, where: Where, lists: "ListRegistry") -> "Rule":
        raise NotImplementedError

    @classmethod
    def check_keys(cls, spec: dict, where: Where) -> None:
        unknown = set(spec) - COMMON_KEYS - cls.keys
        if unknown:
            allowed = ", ".join(sorted((COMMON_KEYS - {"__line__"}) | cls.keys))
            raise where.fail(f"unknown key(s) {', '.join(sorted(unknown))}; "
                             f"a '{cls.kind}' rule takes: {allowed}")

    @classmethod
    def common(cls, spec: dict, where: Where) -> dict:
        priority = spec.get("priority", cls.default_priority)
        if isinstance(priority, bool) or not isinstance(priority, int):
            raise RuleError("E210", path=where.path, line=where.line, rule=where.rule, key="priority",
                            expected="a whole number (higher wins when matches overlap)", value=priority)
        foreign = spec.get("foreign_name", False)
        if not isinstance(foreign, bool):
            raise RuleError("E210", path=where.path, line=where.line, rule=where.rule, key="foreign_name",
                            expected="true or false", value=foreign)
        return {
            "id": spec["id"], "where": where,
            "description": " ".join(str(spec.get("description", "")).split()),
            "priority": priority,
            "examples": list(spec.get("examples") or []),
            "foreign_name": foreign,
        }


class ListRegistry:
    """Named word lists shared by rule files (``lists:`` sections), used as ``{@name}``."""

    def __init__(self) -> None:
        self._lists: dict[str, tuple[str, ...]] = {}

    def add(self, name: str, words: Iterable[str], where: Where) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise where.fail(f"list name '{name}' must be lower-case letters, digits and _")
        clean = tuple(dict.fromkeys(str(w).strip() for w in words if str(w).strip()))
        if not clean:
            raise where.fail(f"list '{name}' is empty")
        self._lists[name] = self._lists.get(name, ()) + clean

    def digest(self) -> str:
        """A hash of every list as it stands (what a rule built from the lists depends on)."""
        return hashlib.sha256(repr(sorted(self._lists.items())).encode("utf-8")).hexdigest()

    def get(self, name: str, where: Where) -> tuple[str, ...]:
        if name not in self._lists:
            known = ", ".join(sorted(self._lists)) or "(none)"
            raise where.fail(f"unknown list '@{name}'; defined lists: {known}")
        return self._lists[name]

    def alternation(self, name: str, where: Where) -> str:
        words = sorted(self.get(name, where), key=lambda w: (-len(w), w))
        return "(?:" + "|".join(re.escape(w) for w in words) + ")"

    def char_class(self, name: str, where: Where) -> str:
        """The characters of a list's words as one character class: [丘布特...]."""
        chars = sorted({c for word in self.get(name, where) for c in word})
        return "[" + "".join(re.escape(c) for c in chars) + "]"

    def expand(self, pattern: str, where: Where) -> str:
        """Replace every ``{@name}`` in a regex with the list as an alternation, and every
        ``{@name:chars}`` with a character class of the characters its words are made of."""
        return re.sub(r"\{@([a-z][a-z0-9_]*)(:chars)?\}",
                      lambda m: (self.char_class if m.group(2) else self.alternation)(m.group(1), where),
                      pattern)


# -- spec helpers ------------------------------------------------------------

def need(spec: dict, key: str, where: Where, kind: type | tuple[type, ...] = str) -> Any:
    if key not in spec or spec[key] in (None, ""):
        raise where.fail(f"missing required key '{key}'")
    value = spec[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if list in kinds and isinstance(value, str):
        value = [value]
    if not isinstance(value, kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise where.fail(f"'{key}' must be a {names}, got {type(value).__name__}")
    return value


def entity_type(value: Any, where: Where, allow_values: bool = False) -> str:
    known = MENTION_TYPES if allow_values else ENTITY_TYPES
    if value not in known:
        raise RuleError("E206", path=where.path, line=where.line, rule=where.rule,
                        value=value, known=", ".join(known))
    return str(value)


def property_name(value: Any, where: Where) -> str:
    """An object property declared in the ontology."""
    from ..vocab import object_properties

    if value not in object_properties():
        raise RuleError("E207", path=where.path, line=where.line, rule=where.rule,
                        value=value, known=", ".join(object_properties()))
    return str(value)


#: Seconds one user-rule regex may spend on one call (one sentence) before the build stops.
REGEX_TIMEOUT = 2.0


def compile_regex(pattern: str, where: Where):
    """Compile a rule's regex.  Built-in rules (tested, shipped with kg) use ``re``; a
    user's rule file gets a ``TimedPattern``: the same matching with a time budget, so a
    catastrophic pattern ends the build with [E209] naming the rule instead of hanging it."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise RuleError("E205", path=where.path, line=where.line, rule=where.rule,
                        detail=f"{exc} in {pattern[:80]!r}") from exc
    return compiled if _builtin(where.path) else TimedPattern(pattern, where)


def _builtin(path: Path) -> bool:
    from ..resources import rule_files

    try:
        return Path(path).resolve() in {p.resolve() for p in rule_files()}
    except OSError:
        return False


class TimedPattern:
    """A compiled ``regex`` pattern whose every match call has REGEX_TIMEOUT seconds.

    It answers what rule kinds use of ``re.Pattern`` (search, match, fullmatch, finditer,
    findall, sub, groupindex, pattern); ``text in pattern`` means a full match, so a
    TimedPattern can stand where a set of allowed words is expected too."""

    def __init__(self, pattern: str, where: Where) -> None:
        import regex

        self.pattern, self.where = pattern, where
        self._regex = regex.compile(pattern)
        self.groupindex, self.groups, self.flags = self._regex.groupindex, self._regex.groups, self._regex.flags

    def _run(self, method: str, *args, **kw):
        try:
            return getattr(self._regex, method)(*args, timeout=REGEX_TIMEOUT, **kw)
        except TimeoutError:
            raise self._timeout(args) from None

    def search(self, *args, **kw):
        return self._run("search", *args, **kw)

    def match(self, *args, **kw):
        return self._run("match", *args, **kw)

    def fullmatch(self, *args, **kw):
        return self._run("fullmatch", *args, **kw)

    def findall(self, *args, **kw):
        return self._run("findall", *args, **kw)

    def sub(self, *args, **kw):
        return self._run("sub", *args, **kw)

    def finditer(self, *args, **kw):
        """Matches one by one; the budget covers the whole scan of the string."""
        found = self._run("finditer", *args, **kw)
        while True:
            try:
                yield next(found)
            except StopIteration:
                return
            except TimeoutError:
                raise self._timeout(args) from None

    def _timeout(self, args) -> RuleError:
        text = str(args[0]) if args else ""
        return self.where.fail("", code="E209", seconds=f"{REGEX_TIMEOUT:g}",
                               where=f" ({len(text)} characters from {text[:12]!r})")

    def __contains__(self, text: str) -> bool:
        return self.fullmatch(text) is not None

    def __repr__(self) -> str:
        return f"TimedPattern({self.pattern!r})"


def valid_rule_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_RULE_ID.match(value))


def word_list(value, where: Where, lists: ListRegistry) -> tuple[str, ...]:
    """A word list given inline, as one word, or as '@name'."""
    if isinstance(value, str):
        return lists.get(value[1:], where) if value.startswith("@") else (value,)
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(word_list(item, where, lists))
        return tuple(out)
    raise where.fail(f"expected a word, a list of words or '@list', got {value!r:.60}")


_BOUNDS: list = [None, None]


def token_bounds(sentence) -> tuple[frozenset[int], frozenset[int]]:
    """Start and end offsets (within the sentence) of its tokens, computed once per sentence
    however many rules ask."""
    if _BOUNDS[0] is not sentence:
        base = sentence.start
        _BOUNDS[:] = [sentence, (frozenset(t.start - base for t in sentence.tokens),
                                 frozenset(t.end - base for t in sentence.tokens))]
    return _BOUNDS[1]
