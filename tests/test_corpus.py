"""Read stage: encodings, metadata, boilerplate and sentences."""
from __future__ import annotations

import codecs
import os

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
    (tmp_path / "sub" / "b.md").write_text(TEXT + "另一篇。", encoding="utf-8")
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


# -- corpus-grade input (issue 11) -------------------------------------------------

def _folder(tmp_path, files: dict[str, bytes]):
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return tmp_path


def test_corpus_find_inputs_skips_stray_and_duplicate_files(tmp_path):
    folder = _folder(tmp_path / "in", {"a.txt": TEXT.encode(), "README.md": b"# read me\n",
                                       "LICENSE.txt": b"MIT", "CHANGELOG.md": b"- x", "notes.rst": b"x",
                                       "sub/copy.txt": TEXT.encode(), "sub/b.md": "另一篇。".encode()})
    scan = find_inputs([folder], strict=False)
    assert [p.name for p in scan.paths] == ["a.txt", "b.md"]
    assert sorted(p.name for p in scan.excluded) == ["CHANGELOG.md", "LICENSE.txt", "README.md"]
    assert [(d.path.name, d.code) for d in scan.duplicates] == [("copy.txt", "E110")]
    assert "same content as" in scan.duplicates[0].message and scan.skipped == []
    only_md = find_inputs([folder], globs=("*.md",), strict=False)
    assert [p.name for p in only_md.paths] == ["b.md"]
    explicit = find_inputs([folder / "README.md"], strict=False)
    assert [p.name for p in explicit.paths] == ["README.md"]     # named explicitly: read


def test_corpus_find_inputs_reports_symlink_loop_once(tmp_path):
    folder = _folder(tmp_path / "in", {"a.txt": TEXT.encode()})
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)
    scan = find_inputs([folder], strict=False)
    assert [p.name for p in scan.paths] == ["a.txt"]
    assert [s.code for s in scan.skipped] == ["E111", "E111"]   # one per looping link
    with pytest.raises(InputError) as info:
        find_inputs([folder], strict=True)
    assert info.value.code == "E116" and "E111" in str(info.value)


def test_corpus_find_inputs_reports_unreadable_subfolder(tmp_path, monkeypatch):
    folder = _folder(tmp_path / "in", {"a.txt": TEXT.encode(), "locked/b.txt": "另一篇。".encode()})
    real = os.scandir

    def scandir(path="."):       # what chmod 0 does for anyone but root (tests may run as root)
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)
    scan = find_inputs([folder], strict=False)
    assert [p.name for p in scan.paths] == ["a.txt"]
    assert [s.code for s in scan.skipped] == ["E112"] and "locked" in scan.skipped[0].message


def test_corpus_fifo_is_never_opened(tmp_path):
    folder = _folder(tmp_path / "in", {"a.txt": TEXT.encode()})
    os.mkfifo(folder / "pipe.txt")
    scan = find_inputs([folder], strict=False)               # returns: nothing waits on the FIFO
    assert [p.name for p in scan.paths] == ["a.txt"]
    assert [(s.path.name, s.code) for s in scan.skipped] == [("pipe.txt", "E108")]
    with pytest.raises(InputError) as info:
        find_inputs([folder / "pipe.txt"], strict=False)
    assert info.value.code == "E108" and "FIFO" in str(info.value)
    with pytest.raises(InputError) as info:
        read_document(folder / "pipe.txt")
    assert info.value.code == "E108"


def test_corpus_bad_file_in_a_folder_is_skipped_not_fatal(tmp_path):
    from kg.corpus import read_inputs

    folder = _folder(tmp_path / "in", {"a.txt": TEXT.encode(), "b.txt": b"", "c.txt": b"\x00\x01bin\x00",
                                       "d.txt": bytes(range(128, 256)) * 4})
    scan = find_inputs([folder], strict=False)
    docs = list(read_inputs(scan))
    assert [d.name for d in docs] == ["a.txt"]
    assert [(s.path.name, s.code) for s in scan.skipped] == [("b.txt", "E104"), ("c.txt", "E106"),
                                                             ("d.txt", "E105")]
    strict = find_inputs([folder], strict=True)
    with pytest.raises(InputError) as info:
        list(read_inputs(strict))
    assert info.value.code == "E116" and "b.txt" in str(info.value)
    with pytest.raises(InputError) as info:                 # a single file still fails as itself
        list(read_inputs(find_inputs([folder / "b.txt"], strict=False)))
    assert info.value.code == "E104"
    (folder / "a.txt").unlink()
    with pytest.raises(InputError) as info:
        list(read_inputs(find_inputs([folder], strict=False)))
    assert info.value.code == "E115"


BAD_UTF8 = ("湖南省委召开会议。" * 20).encode() + b"\xff" + ("会议强调学以致用。" * 20).encode()


@pytest.mark.parametrize("data, code, encoding", [
    (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), None, "utf-32"),
    (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), None, "utf-32"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), None, "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), None, "utf-16"),
    (codecs.BOM_UTF8 + TEXT.encode()[:9] + b"\xff" + TEXT.encode()[9:], "E114", "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le") + b"\x00\xd8" + "后".encode("utf-16-le"), "E114", "utf-16"),
    (BAD_UTF8, "E114", "utf-8"),
    (("日本語のテキストです。東京都庁で会議が開かれました。" * 3).encode("shift_jis"), "E113", None),
    (("한국어 텍스트입니다. 서울에서 회의가 열렸습니다." * 3).encode("euc_kr"), "E113", None),
    (("ภาษาไทยเป็นภาษาที่สวยงาม การประชุมจัดขึ้นที่กรุงเทพ" * 3).encode("cp874"), "E113", None),
])
def test_corpus_decoding_accepts_only_unicode_and_chinese(tmp_path, data, code, encoding):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    if code is None:
        doc = read_document(path)
        assert (doc.text, doc.encoding) == (TEXT, encoding)
        return
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.code == code
    if code == "E114":
        assert "--encoding-errors replace" in str(info.value)
        doc = read_document(path, encoding_errors="replace")
        assert doc.encoding == encoding and "\ufffd" in doc.text and doc.replaced >= 1
        assert any(w.startswith("[W102]") for w in doc.warnings)


def test_corpus_replace_keeps_the_rest_of_the_file(tmp_path):
    path = tmp_path / "damaged.txt"
    path.write_bytes(BAD_UTF8)
    doc = read_document(path, encoding_errors="replace")
    assert doc.replaced == 1 and doc.text.count("\ufffd") == 1
    assert doc.text.replace("\ufffd", "") == BAD_UTF8.replace(b"\xff", b"").decode()


def test_corpus_big5_only_when_asked(tmp_path):
    path = tmp_path / "tw.txt"
    path.write_bytes(("臺灣省政府召開會議。會議強調，要堅持學以致用！" * 5).encode("big5"))
    with pytest.raises(InputError):
        read_document(path)
    assert read_document(path, big5=True).encoding == "big5"


def test_corpus_max_file_size_refuses_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("字".encode() * 1000)
    with pytest.raises(InputError) as info:
        read_document(path, max_file_size=2000)
    assert info.value.code == "E109" and "--max-file-size" in str(info.value)
    assert read_document(path, max_file_size=3000).text.startswith("字")


@pytest.mark.parametrize("header, date", [
    ("时间:2020-02-30 10:43:49", None),
    ("时间:2020-13-01", None),
    ("时间:2020-08-18 25:61:00", None),
    ("时间:2020-08-18 10:43:49", "2020-08-18T10:43:49"),
    ("发布日期:2021年3月5日", "2021-03-05"),
])
def test_corpus_header_dates_are_validated_before_typing(header, date):
    doc = parse_document(f"标题\n{header}\n正文一句。\n", name="x.txt")
    assert doc.meta.date == date
    assert any(w.startswith("[W101]") for w in doc.warnings) == (date is None)


def test_corpus_unpunctuated_text_is_cut_linearly():
    import time

    sentences = {}
    for n in (100_000, 400_000):
        text = "字" * n
        start = time.process_time()
        doc = parse_document(text, name="long.txt")
        sentences[n] = (time.process_time() - start, doc)
    for _, doc in sentences.values():
        assert max(len(s.text) for s in doc.sentences) <= 1000
        assert "".join(s.text for s in doc.sentences) == doc.text
        assert any(w.startswith("[W103]") for w in doc.warnings)
    small, large = sentences[100_000][0], sentences[400_000][0]
    assert large < 8 * small + 0.5                 # linear: 4x the text, not 16x the time
    doc = parse_document("一" * 700 + "，" + "二" * 700, name="x.txt")
    assert [len(s.text) for s in doc.sentences] == [701, 700]   # cut after the comma


def test_corpus_errors_survive_pickling_for_worker_processes():
    import pickle
    from pathlib import Path

    error = pickle.loads(pickle.dumps(InputError("E109", path=Path("big.txt"), size=3, limit=2)))
    assert isinstance(error, InputError) and error.code == "E109"
    assert str(error) == str(InputError("E109", path=Path("big.txt"), size=3, limit=2))
