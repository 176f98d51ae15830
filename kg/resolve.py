"""Resolve stage: mentions -> one Entity per real thing, across all documents.

Per document, abbreviations are completed from the document's own context
(省委 in a Hunan text is 湖南省委), aliases take their canonical lexicon name
(湖南 -> 湖南省, 十九大 -> 中国共产党第十九次全国代表大会), and ambiguous place
names pick the division inside the document's province.  Then entities merge
across documents by type and canonical label, and places climb the gazetteer
to their province.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from .background import ensure_entity, official
from .containment import Place, place_kinds
from .infer import fits_schema
from .knowledge import Division, Knowledge, LexEntry, entity_key
from .model import (Entity, Extraction, KnowledgeBase, Mention, ResolvedMention,
                    ResolvedRelation, VALUE_TYPES)
from .text import label_form, match_key
from .timeline import anchored


@dataclass
class DocContext:
    """What a document says about where it is from."""

    province: Optional[Division] = None
    prefecture: Optional[Division] = None
    county: Optional[Division] = None
    #: the codes of the divisions the document names unambiguously
    named: frozenset = frozenset()

    def division(self, level: str) -> Optional[Division]:
        if level == "prefecture" and self.prefecture is None and self.province is not None \
                and self.province.name.endswith("市"):
            return self.province          # 直辖市: 市委 in a Beijing text is 北京市委
        return getattr(self, level, None)


@dataclass
class Resolved:
    """A mention's resolution: entity key, type, label and optional division code."""

    type: str
    label: str
    code: str = ""
    entry: Optional[LexEntry] = None
    scope: str = ""           # a document id for names that are generic across documents

    @property
    def key(self) -> str:
        return entity_key(self.type, self.label, self.code, self.scope)


@dataclass
class Resolver:
    """Resolves one document's mentions with the knowledge layer and the context rules."""

    knowledge: Knowledge

    @classmethod
    def for_extractor(cls, extractor) -> "Resolver":
        return cls(Knowledge.from_rules(extractor.ruleset, extractor.index))

    @property
    def gazetteer(self):
        return self.knowledge.gazetteer

    # -- document context ---------------------------------------------------

    def context(self, extraction: Extraction) -> DocContext:
        """The document's province (and city, county) by majority of its unambiguous places."""
        if self.gazetteer is None:
            return DocContext()
        votes: dict[str, Counter] = {"province": Counter(), "prefecture": Counter(), "county": Counter()}
        meta = extraction.document.meta
        surfaces = [m.norm for m in extraction.mentions if m.type in ("Place", "Organization")]
        for text in (meta.title, meta.creator, meta.publisher):
            if text:
                surfaces.extend(text[s:e] for s, e, _ in self.knowledge.index.iter_matches(text))
        named: set[str] = set()
        for surface in surfaces:
            codes = {e.code for e in self.knowledge.index.lookup(surface) if e.code}
            if len(codes) != 1:
                continue
            code = codes.pop()
            named.add(code)
            for division in self.gazetteer.chain(code):
                if division.level in votes:
                    votes[division.level][division.id] += 1
        ctx = DocContext(named=frozenset(named))
        for level in ("province", "prefecture", "county"):
            winner = _majority(votes[level])
            parent = ctx.province if level == "prefecture" else ctx.prefecture
            if winner and (level == "province" or parent is not None):
                division = self.gazetteer.divisions[winner]
                if level == "province" or parent.id in {d.id for d in self.gazetteer.chain(winner)}:
                    setattr(ctx, level, division)
        return ctx

    # -- single mentions ----------------------------------------------------

    def resolve_mention(self, mention: Mention, ctx: DocContext) -> Optional[Resolved]:
        name = mention.attr("canonical") or label_form(mention.norm or mention.text)
        level = mention.attr("context")
        rest = None
        for rule in self.knowledge.rules("division_prefix"):
            split = rule.split(mention.type, match_key(name))
            if split:
                level, rest = split
                break
        if level and rest is None:
            rest = _after_generic_word(match_key(name))
        if level and rest is not None:
            division = ctx.division(level)
            if division is None:
                return None       # 各省委书记: a generic name with no province to complete it
            name = division.name + rest
        entries = self.knowledge.index.lookup(name, mention.type) or \
            self.knowledge.index.lookup(mention.norm, mention.type)
        entry = self._choose(entries, ctx)
        if entry is not None:
            return Resolved(mention.type, entry.name, entry.code if official(entry.code) else "", entry)
        return Resolved(mention.type, label_form(name))

    def _choose(self, entries: list[LexEntry], ctx: DocContext) -> Optional[LexEntry]:
        """The entry meant here: the only one, or the one inside the document's province."""
        if not entries:
            return None
        names = {e.name for e in entries}
        if len(entries) == 1 or (len(names) == 1 and not any(e.code for e in entries)):
            return entries[0]
        if self.gazetteer is not None:
            for division in (ctx.county, ctx.prefecture, ctx.province):
                if division is None:
                    continue
                inside = [e for e in entries if e.code and division.id in
                          {d.id for d in self.gazetteer.chain(e.code)}]
                if len(inside) == 1:
                    return inside[0]
            # ... or the one inside a division the document names (福建东山 in a story that names
            # no province often enough to be its own: 东山县, not 东山区 of Heilongjiang)
            inside = [e for e in entries if e.code and ctx.named &
                      {d.id for d in self.gazetteer.chain(e.code)[1:]}]
            if len(inside) == 1:
                return inside[0]
        # A surface that is some entry's full name means that entry (太湖 the lake, not 太湖县);
        # otherwise the higher division (长沙 the city, not 长沙县).
        exact = [e for e in entries if not e.is_alias]
        if len({(e.name, e.code) for e in exact}) == 1:
            return exact[0]
        ranked = sorted(entries, key=lambda e: _LEVEL_RANK.get(e.level, 9))
        if ranked and not exact and _LEVEL_RANK.get(ranked[0].level, 9) < _LEVEL_RANK.get(
                ranked[1].level if len(ranked) > 1 else "", 9):
            return ranked[0]
        # Still ambiguous (鼓楼区 in four cities): keep the name, drop the code.
        first = entries[0]
        return LexEntry(first.surface, first.name, first.type, first.rule, first.pos)

    # -- whole corpus -------------------------------------------------------

    def resolve(self, extractions: list[Extraction]) -> KnowledgeBase:
        """All documents in memory: per-document resolution, then the corpus merge
        (the same two steps a corpus build runs in workers and in the parent)."""
        from .merge import EntityLayer

        layer = EntityLayer.for_resolver(self)
        parts = [self.resolve_document(x) for x in extractions]
        for part in parts:
            layer.add(part)
        renames, background = layer.finish()
        kb = KnowledgeBase(documents=[x.document for x in extractions], entities=layer.entities)
        for part in parts:
            part = apply_renames(part, renames)
            kb.mentions.extend(part.mentions)
            kb.relations.extend(part.relations)
            kb.statistics.extend(part.statistics)
        kb.relations.extend(background)
        return kb

    def resolve_document(self, extraction: Extraction) -> KnowledgeBase:
        """One document resolved on its own: what a worker returns (no tokens)."""
        kb = KnowledgeBase(documents=[extraction.document])
        self._resolve_document(extraction, kb)
        return kb

    def _resolve_document(self, extraction: Extraction, kb: KnowledgeBase) -> None:
        doc_id = extraction.document.doc_id
        ctx = self.context(extraction)
        resolved: dict[Mention, Resolved] = {}
        for mention in extraction.mentions:
            if mention.type not in VALUE_TYPES:
                res = self.resolve_mention(mention, ctx)
                if res is not None:
                    resolved[mention] = res
        self._apply_short_names(resolved)
        self._foreign_posts(resolved)
        self._foreign_held_home_posts(extraction, resolved)
        self._declared_short_titles(extraction, resolved)
        self._one_node_per_title(resolved)
        containers = self._containers(extraction, resolved)
        for mention, res in resolved.items():
            if any(rule.applies(res.type, match_key(res.label)) for rule in self.knowledge.rules("document_scoped")):
                res.scope = doc_id
            elif self._local_place(res):
                res.scope = containers.get(res.label, doc_id)
        for mention in sorted(extraction.mentions, key=lambda m: (m.start, m.end, m.type)):
            if mention.type in VALUE_TYPES:
                kb.mentions.append(ResolvedMention(mention, doc_id, ""))
                continue
            res = resolved.get(mention)
            if res is None:
                continue
            entity = self._entity(kb, res)
            surface = label_form(mention.text)
            if surface != entity.label:
                entity.alt_labels.add(surface)
            kb.mentions.append(ResolvedMention(mention, doc_id, res.key))
        # Relations may hold an equal mention found by another rule: look them up by span and type.
        by_span = {_span_key(m): res for m, res in resolved.items()}
        for relation in extraction.relations:
            subject = by_span.get(_span_key(relation.subject))
            if subject is None:
                continue
            if relation.object.type in VALUE_TYPES:
                value = relation.object.attr("time_start") or anchored(
                    relation.object.attr("time_anchor"), extraction.document.meta.date)
                if value and fits_schema(relation.predicate, subject.type):
                    kb.relations.append(ResolvedRelation(relation, doc_id, subject.key, relation.predicate, value))
                continue
            obj = by_span.get(_span_key(relation.object))
            if obj is not None and obj.type == "Place" and relation.predicate == "issuedBy":
                obj = self._issuer_of_place(obj, resolved, extraction.document.meta)
                self._entity(kb, obj)
            if obj is not None and obj.key != subject.key and self._plausible(subject, relation.predicate, obj):
                kb.relations.append(ResolvedRelation(relation, doc_id, subject.key, relation.predicate, obj.key))
        kb.relations[:] = _most_specific_dates(self._one_province(kb.relations, ctx))
        for stat in extraction.statistics:
            subject = by_span.get(_span_key(stat.subject)) if stat.subject else None
            kb.statistics.append((doc_id, stat, subject.key if subject else ""))

    def _plausible(self, subject: Resolved, predicate: str, obj: Resolved) -> bool:
        """Types must fit the property's domain and range (no Position postIn Place); between
        two gazetteer places, locatedIn must agree with the gazetteer (湖南 is not in 郴州)."""
        if not fits_schema(predicate, subject.type, obj.type):
            return False
        if predicate != "locatedIn":
            return True
        if subject.code and obj.code and self.gazetteer is not None:
            return obj.code in {d.id for d in self.gazetteer.chain(subject.code)[1:]}
        return self._contains(obj, subject)

    def _one_province(self, relations: list[ResolvedRelation], ctx: DocContext) -> list[ResolvedRelation]:
        """A place the document puts in divisions of two provinces (长沙铜官街社区 split as
        铜官|街社区, and 铜官区 is in Anhui) keeps only those of the document's province, or
        none when the document has no province."""
        if self.gazetteer is None:
            return relations
        provinces: dict[str, set[str]] = {}
        for r in relations:
            if r.predicate == "locatedIn" and r.relation is not None and r.object.startswith("Place#"):
                provinces.setdefault(r.subject, set()).add(self._province_of(r.object[6:]))
        split = {subject for subject, found in provinces.items() if len(found) > 1}
        if not split:
            return relations
        home = ctx.province.id if ctx.province is not None else None
        return [r for r in relations if not (r.subject in split and r.predicate == "locatedIn" and
                                             r.object.startswith("Place#") and
                                             self._province_of(r.object[6:]) != home)]

    def _province_of(self, code: str) -> str:
        chain = self.gazetteer.chain(code) if code in self.gazetteer.divisions else []
        return next((d.id for d in chain if d.level == "province"), code)

    def _issuer_of_place(self, place: Resolved, resolved: dict[Mention, Resolved], meta) -> Resolved:
        """The body a place stands for as a document's issuer (湖南及时出台《实施办法》): the body
        of the place that the document names most, its byline and title included (a report by
        湖南省委理论学习中心组 implies 湖南省委), else the place's government."""
        kinds = place_kinds()
        labels = [match_key(r.label) for r in resolved.values() if r.type == "Organization"]
        header = [match_key(t) for t in (meta.title, meta.creator, meta.publisher) if t]
        best, score = None, 0
        for body in kinds.issuer_bodies:
            name = match_key(place.label) + body
            count = sum(label.startswith(name) for label in labels) + \
                2 * sum(name in text for text in header)
            if count > score:
                best, score = name, count
        name = best or match_key(place.label) + kinds.default_issuer
        entries = self.knowledge.index.lookup(name, "Organization")
        return Resolved("Organization", entries[0].name if entries else name)

    def _one_node_per_title(self, resolved: dict[Mention, Resolved]) -> None:
        """Variants of one document's title in one text are one Policy (the short forms become
        its altLabels): 十五五规划, “十五五”规划纲要 and …第十五个五年规划纲要(草案) are the plan, a
        bare 《建议》 or 纲要草案 is the last full title before it that ends so.  A 建议 and a
        纲要 stay apart, and so do plans of different places."""
        generic = set().union(*(rule.names for rule in self.knowledge.rules("document_scoped")
                                if rule.type == "Policy")) if self.knowledge.rules("document_scoped") else set()
        policies = sorted((m for m in resolved if resolved[m].type == "Policy"), key=lambda m: m.start)
        full: dict[tuple, Resolved] = {}
        for mention in policies:        # the longest title of each plan signature
            sig = _plan_signature(match_key(resolved[mention].label))
            if sig and len(resolved[mention].label) > len(full.get(sig, Resolved("", "")).label):
                full[sig] = resolved[mention]
        seen: list[Resolved] = []
        for mention in policies:
            res = resolved[mention]
            label = _DRAFT.sub("", match_key(res.label))
            sig = _plan_signature(match_key(res.label))
            if sig and full[sig] is not res:
                resolved[mention] = Resolved("Policy", full[sig].label)
            elif label in generic:
                before = next((r for r in reversed(seen) if match_key(r.label) != label and
                               _DRAFT.sub("", match_key(r.label)).endswith(label)), None)
                if before is not None:
                    resolved[mention] = Resolved("Policy", before.label)
                    continue
            if not sig or full[sig] is res:
                seen.append(resolved[mention])

    def _declared_short_titles(self, extraction: Extraction, resolved: dict[Mention, Resolved]) -> None:
        """A short title the text declares (《固体废物综合治理行动计划》（以下简称《行动计划》）)
        names that document wherever the text uses it: one node, the short form an altLabel."""
        text = extraction.document.text
        titles = sorted((m for m in resolved if resolved[m].type in ("Policy", "Work")),
                        key=lambda m: (m.start, m.end))
        declared: dict[str, Resolved] = {}
        for full, short in zip(titles, titles[1:]):
            # The short form is made of the title's words (行动计划 of …综合治理行动计划); 《批复》
            # after 批复同意《…规划》 names the reply, not the plan.
            if _SHORT_TITLE.fullmatch(text[full.end:short.start]) and \
                    _subsequence(match_key(resolved[short].label), match_key(resolved[full].label)):
                declared.setdefault(match_key(resolved[short].label), resolved[full])
        if not declared:
            return
        for mention in titles:
            target = declared.get(match_key(resolved[mention].label))
            if target is not None and resolved[mention] is not target:
                resolved[mention] = Resolved(target.type, target.label, target.code, target.entry)

    def _foreign_posts(self, resolved: dict[Mention, Resolved]) -> None:
        """A bare title that a lexicon completes to a home post (总理 -> 国务院总理) is another
        country's post when a foreign country comes first: 印度尼赫鲁总理 gives 印度总理, and
        the 总理 inside 印度总理 is not a second, Chinese post."""
        by_end = {(m.sentence, m.end): m for m in resolved if m.type in ("Place", "Person")}
        posts = [m for m in resolved if m.type == "Position"]
        for mention in posts:
            res = resolved[mention]
            if res.entry is None or match_key(mention.norm) == match_key(res.label):
                continue            # not a bare title completed by the lexicon
            before = by_end.get((mention.sentence, mention.start))
            if before is not None and before.type == "Person":
                before = by_end.get((mention.sentence, before.start))
            if before is not None and self._foreign_country(resolved[before]):
                resolved[mention] = Resolved("Position", resolved[before].label + label_form(mention.norm))
                continue
            if any(other is not mention and other.sentence == mention.sentence and
                   other.start < mention.start and mention.end <= other.end and
                   (other.sentence, other.start) in {(p.sentence, p.start) for p in resolved
                                                     if p.type == "Place" and self._foreign_country(resolved[p])}
                   for other in posts):
                del resolved[mention]   # the 总理 inside 印度总理

    def _foreign_held_home_posts(self, extraction: Extraction, resolved: dict[Mention, Resolved]) -> None:
        """A bare title still read as the home post (总理 = 国务院总理: no foreign country came
        before it) that a name found by a ``foreign_name`` rule holds (松科总理, 以色列…前总理
        内塔尼亚胡) is that person's country's post, which the text does not name: no mention,
        and so no holds, rather than China's post.  Equal mentions of the title found by other
        rules go too (relations are looked up by span)."""
        foreign = self.knowledge.foreign_name_rules
        home_titles = {_span_key(m): m for m, res in resolved.items() if m.type == "Position"
                       and res.entry is not None and match_key(m.norm) != match_key(res.label)}
        drop = {_span_key(r.object) for r in extraction.relations
                if r.predicate == "holds" and r.subject.rule in foreign and _span_key(r.object) in home_titles}
        for mention in [m for m in resolved if _span_key(m) in drop]:
            del resolved[mention]

    def _foreign_country(self, res: Resolved) -> bool:
        kinds = place_kinds()
        return res.type == "Place" and not res.code and match_key(res.label) not in kinds.home and \
            kinds.kind_of(self._place(res)) == "country"

    def _containers(self, extraction: Extraction, resolved: dict[Mention, Resolved]) -> dict[str, str]:
        """Label -> the innermost gazetteer division the document puts it in ("in431026"):
        沙洲村 in 汝城县 is one place in every document that says so."""
        by_span = {_span_key(m): res for m, res in resolved.items()}
        found: dict[str, str] = {}
        for relation in extraction.relations:
            if relation.predicate != "locatedIn":
                continue
            small, big = by_span.get(_span_key(relation.subject)), by_span.get(_span_key(relation.object))
            if small is not None and big is not None and big.code and not small.code and \
                    len(big.code) > len(found.get(small.label, "in")) - 2:
                found[small.label] = "in" + big.code
        return found

    def _local_place(self, res: Resolved) -> bool:
        """A village or township the gazetteer does not know or cannot tell apart (德胜村,
        新桥镇): many places share such names, so each document's is its own node."""
        if res.type != "Place" or res.code or \
                (res.entry is not None and res.entry.rule != self.knowledge.gazetteer_rule):
            return False        # (a gazetteer name left without a code is one of several)
        return place_kinds().kind_of(self._place(res)) in ("village", "township")

    def _contains(self, big: Resolved, small: Resolved) -> bool:
        """Whether place ``big`` can contain place ``small`` (kg/containment.py)."""
        return place_kinds().contains(self._place(big), self._place(small))

    def _place(self, res: Resolved) -> Place:
        division = self.gazetteer.divisions.get(res.code) if res.code and self.gazetteer else None
        return Place(match_key(res.label), division.level if division else None, division is not None,
                     res.entry.rule if res.entry is not None else "")

    @staticmethod
    def _entity(kb: KnowledgeBase, res: Resolved) -> Entity:
        entity = ensure_entity(kb, res.key, res.type, res.label, res.code or None)
        if res.entry is not None:
            entity.links.update((p, t, res.entry.rule) for p, t in res.entry.links)
        return entity

    def _apply_short_names(self, resolved: dict[Mention, Resolved]) -> None:
        """中心组 -> the document's own 湖南省委理论学习中心组 (its most frequent longer name)."""
        short_rules = self.knowledge.rules("short_name")
        if not short_rules:
            return
        counts = Counter((r.type, r.label) for r in resolved.values())
        drop: list[Mention] = []
        for mention, res in resolved.items():
            short = match_key(res.label)
            rules = [rule for rule in short_rules if rule.applies(res.type, short)]
            if not rules:
                continue
            longer = [(n, label) for (t, label), n in counts.items()
                      if t == res.type and any(rule.expands(short, match_key(label)) for rule in rules)]
            if longer:
                best = max(longer, key=lambda pair: (pair[0], len(pair[1]), pair[1]))[1]
                resolved[mention] = Resolved(res.type, best)
            else:
                drop.append(mention)      # a short name with nothing to stand for is generic
        for mention in drop:
            del resolved[mention]


_DRAFT = re.compile(r"\(?草案\)?$")
#: Between a title and the short form the text declares for it: 》（以下简称《
_SHORT_TITLE = re.compile(r"[》”\"]?\s*[（(]\s*(?:以下|下文|下)?(?:简称|称)\s*[:：]?\s*[《“\"]?")
_PLAN = re.compile(r"第?([一二三四五六七八九十]+?)(?:个五年|五)(?:规划|计划)")
_PLAN_FILLER = re.compile(r"中华人民共和国|国民经济和社会发展|中共中央关于制定|关于制定|的")


def _subsequence(short: str, full: str) -> bool:
    """Whether ``short``'s characters all occur in ``full``, in order (行动计划 in …治理行动计划)."""
    rest = iter(full)
    return all(c in rest for c in short)


def _plan_signature(label: str) -> Optional[tuple[str, str, str]]:
    """(issuer words, plan number, 建议 or 纲要) of a five-year-plan title: 十五五规划 and
    中华人民共和国国民经济和社会发展第十五个五年规划纲要(草案) give ('', '十五', '纲要')."""
    match = _PLAN.search(label)
    if match is None:
        return None
    rest = _DRAFT.sub("", label[match.end():])
    if rest not in ("", "纲要", "建议", "的建议"):
        return None         # 十五五规划实施评估报告 is another document
    prefix = _PLAN_FILLER.sub("", label[:match.start()])
    return prefix, match.group(1), "建议" if rest.endswith("建议") else "纲要"


_DATED = ("issued", "startDate")


def _most_specific_dates(relations: list[ResolvedRelation]) -> list[ResolvedRelation]:
    """One kg:issued per policy and document: 2017 and 2017-08-18 for the same 《规则》 keep
    only 2017-08-18 (an xsd:date where the day is known, else gYearMonth, else gYear); a
    year that a start date of the same event refines (2022 and 2022-11-09) goes the same way."""
    values: dict[tuple[str, str], set[str]] = {}
    for r in relations:
        if r.predicate in _DATED:
            values.setdefault((r.subject, r.predicate), set()).add(r.object)
    return [r for r in relations if r.predicate not in _DATED or
            not any(v != r.object and v.startswith(r.object) for v in values[(r.subject, r.predicate)])]


def _span_key(mention: Mention) -> tuple[int, int, str]:
    return (mention.start, mention.end, mention.type)


def _majority(votes: Counter) -> Optional[str]:
    """The clear winner: at least two votes and more than half of all."""
    if not votes:
        return None
    (winner, top), total = votes.most_common(1)[0], sum(votes.values())
    return winner if top >= 2 and top * 2 > total else None


_GENERIC_WORDS = ("自治区", "省", "市", "县", "区", "州")
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "township": 3}


def _after_generic_word(name: str) -> Optional[str]:
    for word in _GENERIC_WORDS:
        if name.startswith(word):
            return name[len(word):]
    return None


def apply_renames(part: KnowledgeBase, renames: dict[str, str]) -> KnowledgeBase:
    """The same results with merged entity keys replaced by the keys they merged into."""
    if not renames:
        return part
    return KnowledgeBase(
        documents=part.documents, entities=part.entities,
        mentions=[ResolvedMention(m.mention, m.doc_id, renames.get(m.entity, m.entity)) for m in part.mentions],
        relations=[ResolvedRelation(r.relation, r.doc_id, renames.get(r.subject, r.subject), r.predicate,
                                    renames.get(r.object, r.object), r.source_rule) for r in part.relations],
        statistics=[(d, st, renames.get(k, k)) for d, st, k in part.statistics])
