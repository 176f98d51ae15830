"""Read stage: encodings, metadata, boilerplate and sentences."""
from __future__ import annotations

import codecs

import pytest

from kg.corpus import decode, find_inputs, parse_document, read_document, split_sentences
from kg.errors import InputError

from .conftest import SAMPLE

TEXT = "湖南省委理论学习中心组召开会议。会议强调，要坚持学以致用！"


def test_corpus_reads_utf8_sample():
    doc = read_document(SAMPLE)
    assert doc.encoding == "utf-8"
    assert doc.meta.title == "打造学习习近平新时代中国特色社会主义思想的示范组、模范班"
    assert doc.meta.source == "http://www.mdleader.cn/"
    assert doc.meta.date == "2020-08-18T10:43:49"
    assert doc.meta.publisher == "湖南在线"
    assert doc.meta.creator == "湖南省委理论学习中心组"
    assert doc.boilerplate_lines == 3


@pytest.mark.parametrize("encoding, label", [
    ("utf-8-sig", "utf-8-sig"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
])
def test_corpus_decodes_encodings(tmp_path, encoding, label):
    path = tmp_path / "doc.txt"
    path.write_bytes((TEXT * 3).encode(encoding))
    doc = read_document(path)
    assert doc.encoding == label
    assert doc.text.startswith("湖南省委")


def test_corpus_gbk_is_detected_not_guessed(tmp_path):
    """The whole sample, re-encoded as GB18030, reads back identically."""
    original = read_document(SAMPLE)
    path = tmp_path / "sample-gbk.txt"
    path.write_bytes(SAMPLE.read_bytes().decode("utf-8").encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert doc.text == original.text
    assert doc.doc_id == original.doc_id


def test_corpus_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    doc = read_document(path)
    assert doc.text == TEXT and doc.encoding == "utf-8-sig"


@pytest.mark.parametrize("content, code", [
    (b"", "E104"),
    (b"   \n\t\n", "E104"),
    (b"\x00\x01\x02binary\x00", "E106"),
    (bytes(range(128, 256)) * 4, "E105"),
])
def test_corpus_bad_files_raise_coded_errors(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.code == code
    assert "bad.txt" in str(info.value)


def test_corpus_find_inputs(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    found = find_inputs([tmp_path])
    assert [p.name for p in found] == ["a.txt", "b.md"]
    with pytest.raises(InputError) as info:
        find_inputs([tmp_path / "missing"])
    assert info.value.code == "E101"
    with pytest.raises(InputError) as info:
        find_inputs([tmp_path / "c.pdf"])
    assert info.value.code == "E102"
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError) as info:
        find_inputs([tmp_path / "empty"])
    assert info.value.code == "E103"


def test_corpus_boilerplate_lines_are_dropped():
    text = ("标题\n正文第一句。正文第二句。\n相关新闻\n某新闻链接\n"
            "版权所有:某公司 联系电话:0731-1234567 传真:0731-7654321\n湘ICP备2022000191号\n")
    doc = parse_document(text, name="x.txt")
    body = " ".join(s.text for s in doc.sentences)
    assert "正文第一句" in body
    for junk in ("相关新闻", "某新闻链接", "版权所有", "ICP"):
        assert junk not in body


def test_corpus_boilerplate_anywhere_in_the_page():
    doc = parse_document("标题\n正文一句。\n责任编辑:张三\n正文二句。\n", name="x.txt")
    assert [s.text for s in doc.sentences] == ["标题", "正文一句。", "正文二句。"]


@pytest.mark.parametrize("text, expected", [
    ("第一句。第二句!第三句?", ["第一句。", "第二句!", "第三句?"]),
    ("他说:“好。”然后走了。", ["他说:“好。”", "然后走了。"]),
    ("一是聚焦问题;二是注重实效。", ["一是聚焦问题;", "二是注重实效。"]),
    ("从13.43%降至0.36%,成效明显。", ["从13.43%降至0.36%,成效明显。"]),
    ("  缩进的句子。  ", ["缩进的句子。"]),
])
def test_corpus_splits_sentences(text, expected):
    sentences = split_sentences(text, [(0, len(text))])
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_corpus_offsets_point_into_the_text():
    doc = read_document(SAMPLE)
    for sentence in doc.sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
        assert len(sentence.norm) == len(sentence.text)


def test_corpus_doc_id_is_stable_and_content_based(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXT, encoding="utf-8")
    b.write_text(TEXT, encoding="utf-8")
    assert read_document(a).doc_id == read_document(b).doc_id


def test_corpus_decode_prefers_utf8(tmp_path):
    text, encoding = decode(tmp_path / "x", "中文".encode("utf-8"))
    assert (text, encoding) == ("中文", "utf-8")


def test_corpus_markdown_heading_is_the_title(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# 国务院关于加快发展的意见\n\n国务院印发了意见。\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.meta.title == "国务院关于加快发展的意见"
