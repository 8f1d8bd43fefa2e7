import pytest

from consultations.spreadsheet import neutralise


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_it_neutralises_formula_cells(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["03-1234-5678", "ひきこもり相談窓口", "", None, 15, True])
def test_it_leaves_ordinary_values_alone(value):
    assert neutralise(value) == value
