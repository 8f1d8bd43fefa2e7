"""Issue 21: a search's results read on a phone: local windows first, the Support-Net once,
what is set summed up above the results."""

import pytest

SUPPORT_NET_PHONE = "0120-529-528"


@pytest.mark.django_db
def test_local_windows_come_before_the_ones_for_all_of_tokyo(client, real_data):
    response = client.get("/windows/?q=ひきこもり")
    windows = list(response.context["page"].object_list)
    assert not windows[0].is_tokyo_wide
    assert [w.is_tokyo_wide for w in windows] == sorted(w.is_tokyo_wide for w in windows)


@pytest.mark.django_db
def test_the_support_net_and_its_services_show_once_where_they_are_results(client, real_data):
    html = client.get("/windows/?q=ひきこもり&page=2").content.decode()
    assert html.count(SUPPORT_NET_PHONE) == 1
    assert 'id="window-2-name"' not in html  # its home visits: a link under it, not a card


@pytest.mark.django_db
def test_the_line_above_the_results_names_the_conditions_set(client, real_data):
    html = client.get("/windows/?method=email&who=family").content.decode()
    assert "絞り込み：相談方法：メール、相談する人：ご家族" in html


@pytest.mark.django_db
def test_the_keyword_box_above_the_results_keeps_the_other_conditions(client, real_data):
    html = client.get("/windows/?q=ひきこもり&who=family").content.decode()
    assert 'id="id_q_top" value="ひきこもり"' in html
    assert '<input type="hidden" name="who" value="family">' in html
