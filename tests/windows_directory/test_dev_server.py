"""What `bin/serve` runs: `manage.py runserver` with DEBUG=1, static files included."""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.management import get_commands, load_command_class
from django.test import override_settings


def served(path):
    """The status runserver's own WSGI handler answers for `path` (already %-decoded, as runserver does)."""
    command = load_command_class(get_commands()["runserver"], "runserver")
    options = vars(command.create_parser("manage.py", "runserver").parse_args([]))
    handler = command.get_handler(**options)
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    answer = []
    body = handler(environ, lambda status, headers, exc_info=None: answer.append(status))
    b"".join(body)
    return answer[0]


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_a_static_path_climbing_out_of_the_static_folders_is_a_404():
    # /static/..%2fmanage.py arrives decoded.
    assert served("/static/../manage.py").startswith("404")
    assert served("/static/../../etc/passwd").startswith("404")


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_development_server_still_serves_the_stylesheet():
    assert served("/static/css/site.css").startswith("200")
