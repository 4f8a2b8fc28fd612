"""Formula-injection neutralisation and the CSV export."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc.safe import neutralise_text, normalise_text, safe_frame, to_csv_bytes


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', " =1+1", "@SUM(A1)", "+1", "-2+3", "\t=1", "\r=1",
                                  "\n=1", "\0=1", "  \t@x"])
def test_dangerous_text_is_prefixed(text):
    assert neutralise_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Müller GmbH", "A-B", "1+1", "", "x=1", "'=1"])
def test_harmless_text_unchanged(text):
    assert neutralise_text(text) == text


def test_safe_frame_only_touches_text():
    df = pd.DataFrame({"name": ["=1+1", None, "ok"], "revenue": [-2.0, 3.0, -5.5], "n": [-1, 2, 3],
                       "seg": pd.Categorical(["@a", "b", "b"])})
    out = safe_frame(df)
    assert out["name"].tolist()[0] == "'=1+1" and pd.isna(out["name"].tolist()[1])
    assert out["revenue"].tolist() == [-2.0, 3.0, -5.5]
    assert out["n"].tolist() == [-1, 2, 3]
    assert out["seg"].tolist()[0] == "'@a"
    assert df["name"].tolist()[0] == "=1+1"  # input unchanged


HOSTILE = ['=HYPERLINK("x")', " =1+1", "@SUM(A1)", "+1", "-2+3", "\t=1", "\r=1", "Müller; Söhne \"&\" Co",
           "Straße", "a\r\nb"]


@pytest.mark.parametrize("lang,sep,decimal", [("de", ";", ","), ("en", ",", ".")])
def test_csv_round_trip(lang, sep, decimal):
    df = pd.DataFrame({"name": HOSTILE, "revenue": [-1234.5, -2.0, 0.0, 1.25, 3.0, -0.5, 7.0, 8.0, 9.0, 10.0]})
    data = to_csv_bytes(df, lang=lang)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), sep=sep, decimal=decimal, encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == ["name", "revenue"]
    expected = [normalise_text(neutralise_text(t)) for t in HOSTILE]
    assert back["name"].tolist() == expected
    assert back["name"].tolist()[7] == "Müller; Söhne \"&\" Co"
    # negative NUMBERS stay numbers
    assert back["revenue"].dtype.kind == "f"
    assert back["revenue"].tolist() == df["revenue"].tolist()
    text = data.decode("utf-8-sig")
    assert f"{sep}-1234{decimal}5\r\n" in text
    assert "\r=1" not in text and "\0" not in text


def test_csv_text_quoted_numbers_not():
    df = pd.DataFrame({"id": ["007"], "x": [1.5], "k": [3], "b": [True], "missing": [None]})
    text = to_csv_bytes(df, lang="de").decode("utf-8-sig")
    assert text == '"id";"x";"k";"b";"missing"\r\n"007";1,5;3;"true";\r\n'


def test_csv_empty_frame():
    assert to_csv_bytes(pd.DataFrame({"a": []}), lang="en") == '\ufeff"a"\r\n'.encode()


def test_unknown_lang():
    with pytest.raises(ValueError):
        to_csv_bytes(pd.DataFrame({"a": [1]}), lang="fr")


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), min_size=1, max_size=8))
def test_csv_round_trip_property(texts):
    df = pd.DataFrame({"t": texts, "v": [-float(i) - 0.25 for i in range(len(texts))]})
    back = pd.read_csv(io.BytesIO(to_csv_bytes(df, lang="de")), sep=";", decimal=",", encoding="utf-8-sig",
                       keep_default_na=False, dtype={"t": str})
    assert back["t"].tolist() == [normalise_text(neutralise_text(t)) for t in texts]
    assert back["v"].tolist() == df["v"].tolist()
    # nothing a spreadsheet would evaluate survives
    for t in back["t"]:
        assert not t.lstrip().startswith(("=", "+", "-", "@")) or t.startswith("'")
