"""Gazetteer rule kind: administrative divisions, their short forms and their bodies.

From one CSV of divisions (id, name, level, parent) it makes lexicon entries for
every division, for its usual short forms (湖南 for 湖南省, 广西 for 广西壮族自治区),
and for its Party and government bodies from templates (湖南省委, 湖南省人民政府),
including the generic forms (省委, 市政府) that resolution completes from the
document's own province or city.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from ..errors import RuleError
from ..resources import data_path
from .base import ListRegistry, Rule, Where, compile_regex, entity_type, need, property_name, rule_kind, word_list
from ..knowledge import Division, Gazetteer, LexEntry
from .lexicon import make_entries

LEVELS = ("province", "prefecture", "county", "township")
#: jieba tags of proper names (jieba often tags small places as person names).
_NAME_TAGS = ("ns", "nsf", "nr", "nrt", "nrfg", "nz", "j")
#: Generic division words and the level a generic body name refers to.
GENERIC_WORDS = {"province": ("省", "自治区"), "prefecture": ("市", "州"), "county": ("县", "区")}


def _read_divisions(path: Path) -> dict[str, Division]:
    """The divisions of a gazetteer file, read once per process while the file is unchanged."""
    try:
        stat = path.stat()
    except OSError:
        return _read_divisions_at(path, 0, 0)          # opening it reports the error
    return _read_divisions_at(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read_divisions_at(path: Path, mtime: int, size: int) -> dict[str, Division]:
    divisions: dict[str, Division] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ["id", "name", "level", "parent"]:
            raise RuleError("E208", path=path, line=1,
                            detail=f"expected header id,name,level,parent, found {reader.fieldnames}")
        for row in reader:
            if row["level"] not in LEVELS or not row["name"]:
                raise RuleError("E208", path=path, line=reader.line_num,
                                detail=f"bad level or empty name in {row}")
            divisions[row["id"]] = Division(row["id"], row["name"], row["level"], row["parent"])
    return divisions


def _jieba_freqs() -> dict[str, int]:
    from ..segment import base_dictionary

    return base_dictionary().freq


def _jieba_tags() -> dict[str, str]:
    """jieba's own word tags: a short form that jieba knows as a non-place word is unsafe."""
    from ..segment import base_dictionary

    return base_dictionary().tags


_BUILT: dict = {}


def _built_key(path: Path, spec: dict, where: Where, lists: ListRegistry):
    """What the built entries depend on, or None when the file cannot be read (then the
    build reports it properly)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    clean = {k: v for k, v in spec.items() if k != "__line__"}
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size, where.rule,
            repr(sorted(clean.items(), key=lambda kv: kv[0])), lists.digest())


@rule_kind("gazetteer")
class GazetteerRule(Rule):
    """Places from the administrative-division gazetteer, plus their bodies."""

    stage = "entity"
    keys = frozenset({"source", "segment_levels", "short_forms", "short_min_length",
                      "short_exclude", "short_reject", "short_max_freq", "short_after_parent",
                      "short_common", "names", "bodies"})
    default_priority = 30

    def __init__(self, entries: list[LexEntry], gazetteer: Gazetteer, **common) -> None:
        super().__init__(**common)
        self.entries = entries
        self.gazetteer = gazetteer

    @classmethod
    def from_spec(cls, spec, where, lists):
        source = Path(need(spec, "source", where))
        path = source if source.is_absolute() else (where.path.parent / source)
        if not path.exists():
            path = data_path(*source.parts)
        # The entries are a pure function of the gazetteer file, the spec and the lists: an
        # engine loaded again in the same process (with other rule files) reuses them.
        key = _built_key(path, spec, where, lists)
        if key is not None and key in _BUILT:
            entries, gazetteer = _BUILT[key]
            return cls(entries=list(entries), gazetteer=gazetteer, **cls.common(spec, where))
        rule = cls._build(path, spec, where, lists)
        if key is not None:
            _BUILT.clear()                    # one gazetteer per process is the common case
            _BUILT[key] = (tuple(rule.entries), rule.gazetteer)
        return rule

    @classmethod
    def _build(cls, path: Path, spec, where, lists):
        divisions = _read_divisions(path)
        segment_levels = set(spec.get("segment_levels", ["province", "prefecture", "county"]))
        shorts = {level: [compile_regex(lists.expand(p, where), where) for p in pats]
                  for level, pats in (spec.get("short_forms") or {}).items() if level != "__line__"}
        min_len = int(spec.get("short_min_length", 2))
        exclude = set(spec.get("short_exclude") or [])
        # Short forms of any level that are ordinary words first (安康, 来宾, 白银): like a
        # too-frequent county short form, they stand alone only right after their parent.
        common_words = set(word_list(spec["short_common"], where, lists)) if spec.get("short_common") else set()
        reject = compile_regex(spec["short_reject"], where) if spec.get("short_reject") else None
        name_tags, freqs = _jieba_tags(), _jieba_freqs()
        max_freq = int(spec.get("short_max_freq", 0))
        tags = {w: ("n" if freqs.get(w, 0) > max_freq else t) for w, t in name_tags.items()} \
            if max_freq else name_tags
        guard = _after_parent_spec(spec.get("short_after_parent"), where)
        gazetteer = Gazetteer(divisions)
        guarded: list[tuple[Division, str]] = []
        # Which full names count as names, per level (a township called 开发区 or 林场 does not).
        valid = {level: compile_regex(p, where) for level, p in (spec.get("names") or {}).items()
                 if level != "__line__"}
        entries: list[LexEntry] = []
        for division in divisions.values():
            if division.level in valid and not valid[division.level].search(division.name):
                continue
            # Short forms by jieba's own tags; a county's that is too frequent a word stands
            # alone only with short_after_parent, right after its parent (江苏太仓).
            forms = _short_forms(division, shorts.get(division.level, []), min_len, exclude, name_tags, reject,
                                 keep_words=guard is not None)
            common = [f for f in forms if f in common_words
                      or (division.level == "county" and tags.get(f, "ns") not in _NAME_TAGS)]
            entries.extend(make_entries(where.rule, "Place", division.name,
                                        [f for f in forms if f not in common],
                                        code=division.id, level=division.level,
                                        segment=division.level in segment_levels))
            if guard is not None:
                guarded.extend((division, f) for f in common if not guard.search(f))
        entries.extend(_after_parent_entries(where.rule, guarded, gazetteer, entries))
        for template in spec.get("bodies") or []:
            entries.extend(_body_entries(template, divisions, shorts, min_len, exclude, tags,
                                         reject, where, lists))
        return cls(entries=entries, gazetteer=gazetteer, **cls.common(spec, where))


def _after_parent_spec(spec, where: Where) -> re.Pattern | None:
    """``short_after_parent``: None (off), or the regex of short forms never kept even there."""
    if spec is None or spec is False:
        return None
    if spec is True:
        return re.compile(r"(?!)")
    if not isinstance(spec, dict) or set(spec) - {"reject", "__line__"}:
        raise where.fail("short_after_parent takes true or {reject: REGEX}")
    return compile_regex(str(spec.get("reject") or "(?!)"), where)


def _after_parent_entries(rule: str, guarded: list[tuple[Division, str]], gazetteer: Gazetteer,
                          entries: list[LexEntry]) -> list[LexEntry]:
    """A county's short form that is too common a word on its own (太仓, 潜江, 延庆 in jieba's
    dictionary) names the county right after its own province or prefecture (江苏太仓,
    苏州太仓, 北京延庆); never where another place has that name."""
    taken = {e.surface for e in entries if e.type == "Place"}
    out: list[LexEntry] = []
    for division, short in guarded:
        if short in taken:
            continue
        parents = [d.name for d in gazetteer.chain(division.id)[1:]]
        if parents:
            out.extend(make_entries(rule, "Place", division.name, [short], code=division.id,
                                    level=division.level, segment=False, after=tuple(parents))[1:])
    return out


def _short_forms(division: Division, patterns: list[re.Pattern], min_len: int,
                 exclude: set[str], tags: dict[str, str], reject: re.Pattern | None = None,
                 keep_words: bool = False) -> list[str]:
    """Short forms from patterns whose groups, joined, give the short name:
    '^(.{2,}?)(?:...族)+自治(州)$' turns 湘西土家族苗族自治州 into 湘西州.  ``keep_words``: a
    county's short form that jieba knows as an ordinary word is kept too (the caller lets it
    name the county only right after its parent: 河北南皮, 四川盐亭)."""
    forms: list[str] = []
    for pattern in patterns:
        match = pattern.match(division.name)
        if not match:
            continue
        short = "".join(g for g in match.groups() if g)
        if short == division.name or len(short) < min_len or short in forms \
                or (division.level == "county" and short in exclude) \
                or (reject is not None and reject.search(short)):
            continue
        # A county short form that jieba knows as an ordinary word (通道, 城关) is
        # more often that word than the place; provinces and prefectures are kept.
        if division.level == "county" and tags.get(short, "ns") not in _NAME_TAGS and not keep_words:
            continue
        forms.append(short)
    return forms


def _body_entries(template: dict, divisions: dict[str, Division], shorts, min_len, exclude,
                  tags, reject, where: Where, lists: ListRegistry) -> list[LexEntry]:
    if not isinstance(template, dict) or "name" not in template:
        raise where.fail("each 'bodies' template needs a 'name'")
    levels = template.get("levels", ["province"])
    type_ = entity_type(template.get("type", "Organization"), where)
    when = compile_regex(template.get("when", ""), where)
    items = lists.get(template["each"][1:], where) if template.get("each") else ("",)
    links = {property_name(p, where): t for p, t in (template.get("links") or {}).items() if p != "__line__"}
    generic = bool(template.get("generic", True))
    out: list[LexEntry] = []

    def emit(fields: dict, division: Division | None, context: str) -> None:
        for item in items:
            values = dict(fields, item=item)
            name = template["name"].format(**values)
            aliases = [a.format(**values) for a in template.get("aliases", [])]
            link_pairs = tuple(sorted((p, t.format(**values)) for p, t in links.items())) if division else ()
            # County bodies are many (2,800 counties): matched, but kept out of jieba's dictionary.
            out.extend(make_entries(where.rule, type_, name, aliases,
                                    code=division.id if division else "",
                                    level=division.level if division else "",
                                    context=context, links=link_pairs,
                                    segment=division is None or division.level in ("province", "prefecture")))

    for division in divisions.values():
        if division.level not in levels or not when.search(division.name):
            continue
        short = (_short_forms(division, shorts.get(division.level, []), min_len, exclude, tags, reject)
                 or [division.name])[0]
        word = next((w for w in ("自治区", "自治州", "自治县") if division.name.endswith(w)), division.name[-1])
        emit({"full": division.name, "short": short, "division": division.name, "word": word}, division, "")
    if generic:
        for level in levels:
            for word in GENERIC_WORDS.get(level, ()):
                if when.search(word):
                    emit({"full": word, "short": word, "division": word, "word": word}, None, level)
    return out
