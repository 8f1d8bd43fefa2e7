"""The back-office in the real Chromium: log in as 足立区 staff, edit, and be kept out of 豊島区."""

import pytest

from consultations.models import ConsultationWindow
from tests.factories import STAFF_PASSWORD, StaffFactory, WindowFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_municipal_staff_edit_their_window_and_never_see_another_municipalitys(
    page, live_server, adachi, toshima
):
    # A draft saves at once; the review of published windows is in test_review_browser.py.
    own = WindowFactory(municipality=adachi, name="あだち ひきこもり相談", published=False)
    other = WindowFactory(municipality=toshima, name="としま ひきこもり相談")
    staff = StaffFactory(municipality=adachi)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/consultations/consultationwindow/")
    listed = page.locator("#result_list tbody th a").all_inner_texts()
    page.click("text=あだち ひきこもり相談")
    page.fill("#id_phone", "03-3880-5111")
    page.click("input[name=_save]")
    page.wait_for_url("**/consultationwindow/")
    page.goto(f"{live_server.url}/admin/consultations/consultationwindow/{other.pk}/change/")

    assert listed == ["あだち ひきこもり相談"]
    assert ConsultationWindow.objects.get(pk=own.pk).phone == "03-3880-5111"
    assert page.url == f"{live_server.url}/admin/"
    assert "としま ひきこもり相談" not in page.content()
