"""Segment stage: the lexicons make jieba keep names whole."""
from __future__ import annotations

import pytest

from kg.corpus import parse_document


def tokens(pipeline, text: str) -> list[str]:
    doc = pipeline.segment(parse_document(text, name="x"))
    return [t.text for s in doc.sentences for t in s.tokens]


@pytest.mark.parametrize("text, word", [
    ("湖南省委理论学习中心组以贯彻落实为抓手", "湖南省委理论学习中心组"),
    ("2017年,中央办公厅印发规则", "中央办公厅"),
    ("省委宣传部牵头对市州开展督查", "省委宣传部"),
    ("丁薛祥指出,要加快建设", "丁薛祥"),
    ("深入学习习近平新时代中国特色社会主义思想", "习近平新时代中国特色社会主义思想"),
    ("浙江省委书记主持会议", "浙江省委书记"),
])
def test_segment_keeps_lexicon_names_whole(pipeline, text, word):
    assert word in tokens(pipeline, text)


def test_segment_tokens_cover_the_sentence_with_offsets(pipeline):
    text = "打造学习的示范组、模范班。2012-2019年,湖南共实现747万人脱贫。"
    doc = pipeline.segment(parse_document(text, name="x"))
    for sentence in doc.sentences:
        assert "".join(t.text for t in sentence.tokens) == sentence.norm.replace(" ", "")
        for token in sentence.tokens:
            assert doc.text[token.start:token.end].translate({0xFF0C: ","}) == token.text or \
                sentence.norm[token.start - sentence.start:token.end - sentence.start] == token.text


def test_segment_user_words_do_not_leak_into_global_jieba(pipeline):
    import jieba

    jieba.setLogLevel(60)
    assert "湖南省委理论学习中心组" not in jieba.lcut("湖南省委理论学习中心组开会", HMM=False)


_PAIR: dict = {}


def _segmenters(pipeline):
    """The pure-Python jieba segmenter and the pipeline's rjieba one, over the same words
    (built once: each costs seconds)."""
    from kg.segment import make_segmenter

    if id(pipeline) not in _PAIR:
        words = list(pipeline.extractor.index.segment_words())
        rust = pipeline.segmenter if pipeline.segmenter.name == "rjieba" else make_segmenter("rjieba", words)
        _PAIR[id(pipeline)] = (make_segmenter("jieba", words), rust)
    return _PAIR[id(pipeline)]


def _differences(pipeline, documents) -> list[str]:
    from kg.segment import tokenize

    jieba_seg, rust_seg = _segmenters(pipeline)
    out = []
    for document in documents:
        for sentence in document.sentences:
            a = [(t.text, t.pos, t.start) for t in tokenize(jieba_seg, sentence)]
            b = [(t.text, t.pos, t.start) for t in tokenize(rust_seg, sentence)]
            if a != b:
                out.append(f"{document.name}: {sentence.text[:40]}")
    return out


def test_segment_rjieba_gives_jieba_tokens_and_tags_on_the_sample(pipeline):
    from kg.corpus import read_document

    from .conftest import SAMPLE

    assert _differences(pipeline, [read_document(SAMPLE)]) == []


def test_segment_rjieba_gives_jieba_tokens_and_tags_on_a_corpus_slice(pipeline):
    from kg.corpus import read_document

    from .conftest import shared_path

    folder = shared_path("corpus", "news_xwlb", "2022")
    paths = sorted(folder.glob("*.txt"))[:150] + sorted(shared_path("corpus", "provincial_reports_2025").glob("*.txt"))[:2]
    assert _differences(pipeline, [read_document(p) for p in paths]) == []


def test_segment_backends_are_registered():
    from kg.segment import SEGMENTERS

    assert SEGMENTERS.names() == ["jieba", "rjieba"]
