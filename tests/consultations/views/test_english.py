import re
import shutil
import subprocess
from gettext import GNUTranslations
from html.parser import HTMLParser

import pytest
from django.conf import settings

LOCALE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")


class TextOutsideJapanese(HTMLParser):
    """Visible text not inside an element marked lang="ja" (window names and other data)."""

    SKIP = {"title", "script", "style"}

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in {"br", "input", "meta", "link", "img"}:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not any(lang == "ja" or tag in self.SKIP for tag, lang in self.stack):
            self.text.append(data)


def interface_text(html):
    parser = TextOutsideJapanese()
    parser.feed(html)
    return " ".join(parser.text)


@pytest.mark.django_db
def test_the_english_home_lists_romanised_municipality_names(client, real_data):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert ">Hachioji City</a>" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/municipalities/132012/",
        "/en/municipalities/132055/",
        "/en/windows/?municipality=131164",
        "/en/windows/?q=Toshima",
        "/en/windows/?q=存在しない",
        "/en/windows/28/",
        "/en/guide/?municipality=132012&age=45&who=family",
        "/en/?postal_code=198-0000",
        "/en/?postal_code=060-8621",
        "/en/?postal_code=12",
        "/en/data/",
        "/en/list/?w=28,1,30",
        "/en/memo/",
        "/en/guide/?who=family",
        "/en/windows/?condition=anonymous_ok&callback=unknown",
    ],
)
def test_english_pages_have_no_japanese_interface_text(client, real_data, url):
    response = client.get(url)
    html = response.content.decode()
    assert '<html lang="en">' in html
    leftovers = JAPANESE.findall(interface_text(html))
    assert leftovers == [], interface_text(html)


@pytest.mark.django_db
def test_window_names_stay_japanese_beside_the_romanised_municipality(client, real_data):
    html = client.get("/en/windows/?municipality=131164").content.decode()
    assert 'lang="ja"><a href="/en/windows/28/">ひきこもり相談窓口</a>' in html
    assert '<p class="window-municipality">Toshima City<span' in html


@pytest.mark.django_db
def test_method_and_target_labels_are_translated(client, real_data):
    html = client.get("/en/windows/28/").content.decode()
    assert '<li class="badge is-yes">Phone</li>' in html
    assert "Family: can consult" in html


@pytest.mark.django_db
def test_each_page_links_to_itself_in_the_other_language(client, real_data):
    ja = client.get("/windows/?q=としま").content.decode()
    en = client.get("/en/windows/?q=としま").content.decode()
    # A search is a variant crawlers need not follow into the other language (the sitemap
    # lists the real pages in both).
    link = (
        'href="/en/windows/?q=%E3%81%A8%E3%81%97%E3%81%BE" lang="en" hreflang="en" rel="nofollow"'
    )
    assert link + ">English" in ja
    link = 'href="/windows/?q=%E3%81%A8%E3%81%97%E3%81%BE" lang="ja" hreflang="ja" rel="nofollow"'
    assert link + ">日本語" in en


@pytest.mark.django_db
def test_a_page_without_a_query_links_to_the_other_language_for_crawlers_too(client, real_data):
    html = client.get("/municipalities/131164/").content.decode()
    assert 'href="/en/municipalities/131164/" lang="en" hreflang="en">English' in html


@pytest.mark.django_db
def test_japanese_stays_at_the_plain_urls_whatever_the_browser_asks(client, real_data):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="ja">' in response.content.decode()
    assert not response.cookies


@pytest.mark.django_db
def test_a_postal_code_on_the_english_home_stays_in_english(client, real_data):
    assert client.get("/en/?postal_code=192-0083").url == "/en/municipalities/132012/"


def test_the_committed_mo_file_matches_the_po_file(tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: apt-get install gettext"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", fresh, LOCALE / "django.po"], check=True)
    with open(fresh, "rb") as new, open(LOCALE / "django.mo", "rb") as committed:
        assert GNUTranslations(committed)._catalog == GNUTranslations(new)._catalog


def test_every_message_is_translated():
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", LOCALE / "django.po"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr


@pytest.mark.django_db
def test_english_pages_say_once_near_the_top_that_phones_answer_in_japanese(client, real_data):
    html = client.get("/en/municipalities/131202/").content.decode()
    assert html.count("Phone lines answer in Japanese.") == 1
    assert html.index("Phone lines answer in Japanese.") < html.index("<h1")


@pytest.mark.django_db
def test_english_pages_keep_japanese_names_and_name_the_municipality_in_english_once(
    client, real_data
):
    html = client.get("/en/municipalities/131164/").content.decode()
    assert '<a href="/en/windows/28/" lang="ja">ひきこもり相談窓口</a>' in html
    # The heading names the municipality; its windows' names need no "(Toshima City)" beside them.
    assert "Toshima City</h1>" in html and "(Toshima City)" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/en/municipalities/131202/", "/en/windows/?q=nerima"])
def test_english_copy_says_services_not_windows(client, real_data, path):
    text = interface_text(client.get(path).content.decode())
    assert not re.search(r"\bwindows?\b", text, re.I)
