"""Dates as Japanese staff type them (consultations.dates)."""

import datetime

import pytest
from django import forms
from django.forms import ValidationError

from consultations.dates import JapaneseDateField, parse_day

END_OF_MARCH = datetime.date(2027, 3, 31)


@pytest.mark.parametrize(
    "typed",
    [
        "2027/3/31",
        "2027-03-31",
        "2027年3月31日",
        "令和9年3月31日",
        "２０２７／３／３１",
        " 2027/03/31 ",
    ],
)
def test_it_reads_year_month_day_in_every_shape_staff_type(typed):
    assert parse_day(typed) == END_OF_MARCH


def test_it_reads_the_first_year_of_reiwa():
    assert parse_day("令和元年5月1日") == datetime.date(2019, 5, 1)


def test_it_refuses_the_us_order_saying_why_with_an_example():
    with pytest.raises(ValueError) as error:
        parse_day("03/31/2027")
    assert str(error.value) == (
        "日付は 2027/3/31、2027-03-31、2027年3月31日 のように年・月・日の順で入れてください"
        "（「03/31/2027」は読めません）。"
    )


def test_it_refuses_a_day_that_does_not_exist():
    with pytest.raises(ValueError, match="「2027/2/30」という日はありません"):
        parse_day("2027/2/30")


def test_it_refuses_a_reiwa_date_before_reiwa_began():
    with pytest.raises(ValueError, match="令和が始まる前"):
        parse_day("令和1年4月30日")


def test_the_form_field_turns_the_reason_into_a_validation_error():
    with pytest.raises(ValidationError) as error:
        JapaneseDateField().clean("03/31/2027")
    assert "年・月・日の順" in error.value.messages[0]


def test_even_a_plain_date_field_refuses_the_us_order():
    # settings.DATE_INPUT_FORMATS: the floor for date fields outside the admin's overrides.
    with pytest.raises(ValidationError):
        forms.DateField().clean("03/31/2027")
    assert forms.DateField().clean("2027年3月31日") == END_OF_MARCH
