"""Which uploaded import files a staff session may confirm.

django-import-export keeps the file between the preview and the confirmation and names it, with
its format, in hidden form fields that the client can change. The file waits in the shared cache
under a random name (IMPORT_EXPORT_TMP_STORAGE_CLASS), and the name and format are also recorded
in the uploader's session: a confirmation may only use an upload this session made and has not
confirmed yet. A guessed, tampered, foreign or reused name finds nothing and touches nothing.
"""

import os

SESSION_KEY = "import_uploads"
# Open previews per session (several tabs); the oldest is forgotten beyond this.
KEPT = 10


def posted(request):
    """The (file name, format) a confirmation asks for."""
    return [
        os.path.basename(request.POST.get("import_file_name", "")),
        request.POST.get("format", ""),
    ]


def remember(request, name, file_format):
    uploads = [u for u in request.session.get(SESSION_KEY, []) if u[0] != name]
    request.session[SESSION_KEY] = [*uploads, [name, str(file_format)]][-KEPT:]


def owns(request, upload):
    return upload in request.session.get(SESSION_KEY, [])


def forget(request, upload):
    uploads = request.session.get(SESSION_KEY, [])
    if upload in uploads:
        request.session[SESSION_KEY] = [u for u in uploads if u != upload]
