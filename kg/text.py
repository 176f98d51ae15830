"""Character-level text helpers shared by every stage.

``normalize`` maps one character to one character, so offsets found in the
normalised text are offsets in the original too.
"""
from __future__ import annotations

import re

# Full-width ASCII (U+FF01..U+FF5E) to ASCII, ideographic space to space:
# rules are written once against ',', ':', '(' and match both forms.
_TO_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_TO_HALF[0x3000] = 0x20
# Look-alike dashes and a few compatibility forms that keep one code point.
_TO_HALF.update({0x2014: 0x2014, 0x2015: 0x2014, 0x2500: 0x2014, 0xFE63: 0x2D})

# Labels use the full-width brackets of official Chinese typography.
_LABEL_PUNCT = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})
_QUOTE_MARKS = "《》〈〉“”‘’「」『』\"'"


def normalize(text: str) -> str:
    """Width-normalise ``text`` without changing its length."""
    return text.translate(_TO_HALF)


_NEEDS_WORK = re.compile(r"[\s《》〈〉“”‘’「」『』\"'():,;（）：，；\uff01-\uff5e\u3000]")


def label_form(text: str) -> str:
    """Canonical label form: trimmed, no quote marks, full-width brackets."""
    if not _NEEDS_WORK.search(text):
        return text                      # the common case: plain CJK text
    text = normalize(text).strip()
    text = "".join(ch for ch in text if ch not in _QUOTE_MARKS)
    text = re.sub(r"\s+", " ", text)
    return text.translate(_LABEL_PUNCT)


def match_key(text: str) -> str:
    """Key for comparing surface forms: label form without spaces and brackets' width."""
    if not _NEEDS_WORK.search(text):
        return text
    return label_form(text).replace(" ", "").replace("（", "(").replace("）", ")")


_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}


def chinese_to_int(text: str) -> int:
    """Parse a Chinese numeral such as 十九, 二十, 一百零五, 三万; raise ValueError."""
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch in _BIG:
            section += digit or 0
            total += (section or 1) * _BIG[ch]
            section, digit = 0, None
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return total + section + (digit or 0)


def int_to_chinese(number: int) -> str:
    """Write 1..99 the way official names do: 十九, 二十, 二十一."""
    if not 0 < number < 100:
        return str(number)
    names = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if tens == 0:
        return names[ones]
    head = "" if tens == 1 else names[tens]
    return head + "十" + (names[ones] if ones else "")

