"""Decoding and bad inputs: each gives one error that names the input and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.errors import BinaryInput, EmptyInput, EncodingError, MissingInput, NotAFile, TooLarge
from dateline.options import Options
from dateline.readers import from_bytes, guess_format, read_path


def test_utf8_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffHello “world”".encode())
    item = read_path(p)
    assert item.text == "Hello “world”" and item.warnings == () and item.id == "a"


def test_utf16_with_bom() -> None:
    item = from_bytes("Déjà vu in Montréal".encode("utf-16"), "x.txt")
    assert item.text == "Déjà vu in Montréal"


def test_cp1252_is_detected_and_reported() -> None:
    data = "Le président a déclaré à Montréal: « nous sommes prêts », a-t-il dit.\n".encode("cp1252") * 4
    item = from_bytes(data, "fr.txt")
    assert "président" in item.text
    assert len(item.warnings) == 1 and "cp1252" in item.warnings[0].message
    assert item.warnings[0].code == "encoding"


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", EmptyInput, "empty"),
        (b"  \n\t \n", EmptyInput, "empty"),
        (b"%PDF-1.7\n%\xe2\xe3", BinaryInput, "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", BinaryInput, "PNG"),
        (b"\x1f\x8b\x08\x00abc", BinaryInput, "gzip"),
        (b"abc\x00def\x00" * 10, BinaryInput, "NUL"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16]) * 50, BinaryInput, "binary"),
    ],
)
def test_bad_bytes(data: bytes, error: type[Exception], words: str) -> None:
    with pytest.raises(error) as info:
        from_bytes(data, "bad.txt")
    message = str(info.value)
    assert message.startswith("bad.txt: ") and words in message and "\n" not in message


def test_undecodable_bytes_name_the_offset() -> None:
    data = b"Plain text then garbage " + bytes(range(0x80, 0x100)) * 3
    with pytest.raises((EncodingError, BinaryInput)) as info:
        from_bytes(data, "junk.txt")
    assert str(info.value).startswith("junk.txt: ")


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(MissingInput, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(NotAFile, match="is a directory"):
        read_path(tmp_path)


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000)
    with pytest.raises(TooLarge, match="over the 100-byte limit"):
        read_path(p, Options(max_bytes=100))
    assert read_path(p, Options(max_bytes=10_000)).text.startswith("word")


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("a.html", "", "html"),
        ("a.HTM", "", "html"),
        ("a.md", "", "markdown"),
        ("a.txt", "<html><body>x</body></html>", "text"),
        ("noext", "<!DOCTYPE html><html>", "html"),
        ("noext", "BEIJING, Dec. 8", "text"),
    ],
)
def test_guess_format(name: str, head: str, fmt: str) -> None:
    assert guess_format(name, head) == fmt


@pytest.mark.parametrize(
    ("sample", "encoding"),
    [
        ("Zażółć gęślą jaźń, powiedział minister w Warszawie. ", "cp1250"),
        ("Привет мир, это новости дня, сказал министр. ", "cp1251"),
        ("Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα. ", "cp1253"),
        ("El presidente dijo que la economía crecerá este año, señaló. ", "cp1252"),
    ],
)
def test_legacy_encodings_round_trip(sample: str, encoding: str) -> None:
    item = from_bytes(sample.encode(encoding) * 4, "x.txt")
    assert item.text == sample * 4


def test_utf16_bom_followed_by_garbage() -> None:
    garbage = b"\xff\xfe" + bytes((i * 131 + 7) % 256 for i in range(3000))
    with pytest.raises(EncodingError, match="byte-order mark"):
        from_bytes(garbage, "bom.txt")
    chinese = "市长周二表示，城市将修复旧水管。".encode("utf-16") * 3
    assert from_bytes(chinese, "zh.txt").text.startswith("市长")


def test_a_guessed_encoding_says_how_sure_and_a_poor_guess_is_refused() -> None:
    import hostile

    item = from_bytes(hostile.invalid_utf8(), "latin.txt")
    assert item.text.startswith("Le maire a déclaré")
    assert item.warnings[0].message.startswith("not UTF-8 (byte 0xe9 at offset 12); decoded as cp1252, ")
    assert item.warnings[0].message.endswith("% sure")
    # UTF-8 with stray Latin-1 bytes: any single-byte guess is mojibake ("CafÃ©")
    mixed = "Café au lait".encode() + b" and \xe9t\xe9 " + "naïve".encode()
    with pytest.raises(EncodingError, match=r"the likeliest other encoding, \w+, is only 0% sure"):
        from_bytes(mixed, "mixed.txt")
