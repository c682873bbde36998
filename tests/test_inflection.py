"""Names with Russian, Azerbaijani and Armenian case endings: the span is the inflected word, the alias its base."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from geomap.corpora import read_corpus
from geomap.evaluation import evaluate, predictor
from geomap.geoparse.inflection import base_forms

if TYPE_CHECKING:
    from geomap.geoparse import Geoparser

DATA = Path(__file__).parent / "data"


def _found(parser: Geoparser, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(m.surface, m.place.name if m.place else None, m.alias) for m in parser.parse(text)]


def test_azerbaijani_locative_after_a_nominative(parser: Geoparser) -> None:
    found = _found(parser, "Bakı və Gəncədə komendant saatı")
    assert [(s, n) for s, n, _ in found] == [("Bakı", "Baku"), ("Gəncədə", "Ganja")]
    assert found[1][2] == "Gəncə"


def test_russian_prepositional_case(parser: Geoparser) -> None:
    found = _found(parser, "введён комендантский час в Гяндже и Евлахе")
    assert [(s, n) for s, n, _ in found] == [("Гяндже", "Ganja"), ("Евлахе", "Yevlakh")]
    assert {a for *_, a in found} == {"Гянджа", "Евлах"}


def test_russian_adjective_and_noun_inflect_together(parser: Geoparser) -> None:
    (mention,) = parser.parse("Бои в Нагорном Карабахе не стихают.")
    assert mention.surface == "Нагорном Карабахе"
    assert mention.place.name == "Nagorno-Karabakh"


def test_a_russian_genitive_is_the_country_not_a_foreign_village_spelt_alike(parser: Geoparser) -> None:
    (mention,) = parser.parse("Заявление Министерства обороны Армении.")
    assert mention.place.place_id == "curated:am"


def test_azerbaijani_endings_with_buffer_consonants(parser: Geoparser) -> None:
    found = _found(parser, "Şuşaya gedən yol, Füzulinin kəndləri və Ağdamdan gələn köç.")
    assert [(s, n) for s, n, _ in found] == [("Şuşaya", "Shusha"), ("Füzulinin", "Fuzuli"), ("Ağdamdan", "Aghdam")]


def test_armenian_locative(parser: Geoparser) -> None:
    found = _found(parser, "Ստեփանակերտում և Շուշիում հրթիռակոծություն")
    assert [(s, n) for s, n, _ in found] == [("Ստեփանակերտում", "Stepanakert"), ("Շուշիում", "Shusha")]


def test_spans_are_the_words_as_written(parser: Geoparser) -> None:
    text = "Обстрелу подверглись окрестности Тертера и Агдама."
    for mention in parser.parse(text):
        assert text[mention.start : mention.end] == mention.surface


@pytest.mark.parametrize(("word", "base"), [("Гяндже", "Гянджа"), ("Армении", "Армения"), ("Шушу", "Шуша")])
def test_russian_base_forms_restore_the_nominative(word: str, base: str) -> None:
    assert base in base_forms(word)


def test_latin_words_take_azerbaijani_endings_only_in_azerbaijani_text() -> None:
    assert base_forms("Tovuzda") == []
    assert "Tovuz" in base_forms("Tovuzda", azerbaijani=True)


def test_an_english_text_loses_no_letters_to_endings(parser: Geoparser) -> None:
    found = _found(parser, "Officials in Canada and Georgia met in Yerevan.")
    assert ("Canada", "Canada") in [(s, n) for s, n, _ in found]


@pytest.mark.parametrize("name", ["constructed-ru.gold.jsonl", "constructed-az.gold.jsonl"])
def test_constructed_reports_are_read_in_full(parser: Geoparser, name: str) -> None:
    result = evaluate(read_corpus(DATA / name), predictor(parser))
    assert result.f1_exact == 1.0
    assert result.acc_tolerance == 1.0


def test_a_russian_district_in_the_prepositional_case(parser: Geoparser) -> None:
    (mention,) = parser.parse("Бои идут в Физулинском районе.")
    assert mention.surface == "Физулинском районе"
    assert mention.place.place_id == "curated:az-fuzuli-district"


@pytest.mark.parametrize(
    ("text", "surface", "place_id"),
    [
        ("Обстрелу подверглись сёла Тавушской области.", "Тавушской области", "curated:am-tavush"),
        ("В Сюникской области объявлено военное положение.", "Сюникской области", "curated:am-syunik"),
        ("Жители Херсонской области покидают дома.", "Херсонской области", "curated:ua-kherson-oblast"),
    ],
)
def test_a_russian_province_in_an_oblique_case(parser: Geoparser, text: str, surface: str, place_id: str) -> None:
    (mention,) = parser.parse(text)
    assert mention.surface == surface
    assert mention.place is not None
    assert mention.place.place_id == place_id
