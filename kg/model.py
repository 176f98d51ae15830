"""Plain data objects passed from one pipeline stage to the next.

read -> Document(Sentence) -> segment -> Sentence(Token) -> extract ->
Extraction(Mention, Relation, Statistic) -> resolve -> KnowledgeBase(Entity)
-> graph.  Offsets are always code-point offsets into ``Document.text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

#: Entity classes of the ontology that extraction rules may produce.
ENTITY_TYPES = (
    "Organization", "Place", "Person", "Position", "Policy",
    "Campaign", "Concept", "Event", "Work",
)
#: Mention types that are not entities but values (times become literals).
VALUE_TYPES = ("Time",)
MENTION_TYPES = ENTITY_TYPES + VALUE_TYPES


@dataclass(frozen=True)
class DocumentMeta:
    """Header metadata of a document (Dublin Core terms in the graph)."""

    title: Optional[str] = None
    source: Optional[str] = None        # URL the capture came from
    date: Optional[str] = None          # ISO date or dateTime
    publisher: Optional[str] = None     # 来源
    creator: Optional[str] = None       # byline
    identifier: Optional[str] = None    # 发文字号, e.g. 国发〔2019〕5号


@dataclass(frozen=True)
class Token:
    text: str
    pos: str
    start: int
    end: int
    freq: int = 0             # the segmenter's dictionary frequency (0: not in the dictionary)
    #: (text, pos), shared by equal tokens: rules memoise their token tests on it
    key: tuple = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str                 # exactly Document.text[start:end]
    norm: str                 # same length as text, width-normalised for matching
    tokens: tuple[Token, ...] = ()


@dataclass(frozen=True)
class Document:
    doc_id: str               # stable: derived from the text, not the path
    name: str                 # file name, for display and dcterms:identifier
    path: str
    text: str
    encoding: str
    meta: DocumentMeta
    sentences: tuple[Sentence, ...]
    boilerplate_lines: int = 0
    replaced: int = 0                  # undecodable bytes turned into U+FFFD (--encoding-errors replace)
    warnings: tuple[str, ...] = ()     # coded one-line warnings from reading (bad header date ...)


@dataclass(frozen=True)
class Mention:
    """A typed span of text found by a rule."""

    start: int
    end: int
    text: str
    type: str
    rule: str
    sentence: int
    norm: str = ""
    priority: int = 0
    attrs: tuple[tuple[str, str], ...] = ()   # e.g. (("canonical", "湖南省"),)

    def attr(self, name: str, default: Optional[str] = None) -> Optional[str]:
        for key, value in self.attrs:
            if key == name:
                return value
        return default

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True)
class Relation:
    """A typed link between two mentions, with the evidence span and rule."""

    subject: Mention
    predicate: str
    object: Mention
    rule: str
    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class Statistic:
    """A figure in the text: value, unit, what is measured, period, subject."""

    start: int
    end: int
    text: str
    rule: str
    sentence: int
    value: str                       # decimal string, e.g. "7470000"
    unit: str
    measure: str = ""
    value_to: Optional[str] = None   # for changes: 从 value 降至 value_to
    approximate: bool = False
    period_start: Optional[str] = None   # "2012" or "2012-01-01"
    period_end: Optional[str] = None
    period_text: Optional[str] = None    # e.g. 党的十九大以来
    subject: Optional[Mention] = None


@dataclass
class Extraction:
    """Everything extraction found in one document."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)


@dataclass
class Entity:
    """One node per real-world thing, after resolution."""

    key: str                  # "Place:湖南省" - type and canonical label
    type: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    code: Optional[str] = None        # administrative division code (places only)
    #: Background facts from the lexicon entry: (predicate, target label, rule id).
    links: set[tuple[str, str, str]] = field(default_factory=set)


@dataclass(frozen=True)
class ResolvedMention:
    mention: Mention
    doc_id: str
    entity: str               # Entity.key, or "" for value mentions


@dataclass(frozen=True)
class ResolvedRelation:
    """A relation between entity keys: from text (``relation`` set) or background knowledge."""

    relation: Optional[Relation]
    doc_id: str
    subject: str              # Entity.key
    predicate: str
    object: str               # Entity.key, or a literal for value predicates
    source_rule: str = ""     # for background facts: the lexicon or gazetteer rule


@dataclass
class KnowledgeBase:
    """The resolved result of a build: input to graph construction."""

    documents: list[Document] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[ResolvedMention] = field(default_factory=list)
    relations: list[ResolvedRelation] = field(default_factory=list)
    statistics: list[tuple[str, Statistic, str]] = field(default_factory=list)  # (doc_id, stat, subject key)


@dataclass
class DocSummary:
    """What the corpus merge needs of one resolved document: its entity contributions,
    its direct relations and counts.  Small and token-free, so it travels between
    processes cheaply; the full per-document result stays in the cache."""

    doc_id: str
    name: str
    path: str
    encoding: str
    chars: int
    sentences: int
    boilerplate_lines: int
    title: Optional[str]
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: set[tuple[str, str, str]] = field(default_factory=set)   # (subject key, predicate, object)
    rules: set[str] = field(default_factory=set)
    mentions: int = 0
    assertions: int = 0
    statistics: int = 0
    cache_key: str = ""
    cached: bool = False
    seconds: dict[str, float] = field(default_factory=dict)         # stage -> CPU seconds
    replaced: int = 0                    # undecodable bytes turned into U+FFFD
    warnings: tuple[str, ...] = ()       # coded one-line warnings from reading
