from consultations.staff.charts import BAR_HEIGHT, WIDTH, Bar, Chart, Group


def chart(*groups):
    return Chart(groups=[Group(title, bars) for title, bars in groups], label_width=56)


def test_bars_are_as_long_as_their_share_of_the_bar_area():
    drawn = chart(("窓口", [Bar("区部", 1, 4, "bar-wards"), Bar("多摩", 4, 4, "bar-tama")]))
    quarter, full = drawn.groups[0].bars
    assert full.width == drawn.bar_max
    assert quarter.width == round(drawn.bar_max / 4, 1)


def test_bars_and_values_fit_inside_the_view_box():
    drawn = chart(("窓口", [Bar("区部", 3, 3, "bar-wards")]))
    assert drawn.bar_x + drawn.bar_max < drawn.value_x < WIDTH


def test_groups_stack_without_overlapping():
    drawn = chart(("一", [Bar("a", 1, 2, "x"), Bar("b", 1, 2, "x")]), ("二", [Bar("c", 1, 2, "x")]))
    a, b = drawn.groups[0].bars
    [c] = drawn.groups[1].bars
    assert a.y + BAR_HEIGHT <= b.y < drawn.groups[1].title_y < c.y
    assert c.y + BAR_HEIGHT <= drawn.height


def test_an_empty_group_of_municipalities_draws_no_bar_and_says_zero():
    [[bar]] = [g.bars for g in chart(("窓口", [Bar("島しょ", 0, 0, "bar-islands")])).groups]
    assert (bar.width, bar.text) == (0, "0% (0/0)")


def test_the_value_text_gives_percent_and_count():
    assert Bar("区部", 15, 23, "bar-wards").text == "65% (15/23)"
