"""Which uploaded import files a staff session may confirm.

django-import-export keeps the file between the preview and the confirmation and names it, with
its format and resource (an index into the admin's list), in hidden form fields that the client
can change. The file waits in the shared cache under a random name (IMPORT_EXPORT_TMP_STORAGE_CLASS),
and all three are also recorded in the uploader's session: a confirmation may only use an upload
this session made and has not confirmed yet, read as it was previewed. A guessed, tampered,
foreign or reused value finds nothing and touches nothing.
"""

import os

SESSION_KEY = "import_uploads"
# Open previews per session (several tabs); the oldest is forgotten beyond this.
KEPT = 10


def posted(request):
    """The (file name, format, resource) a confirmation asks for."""
    return [
        os.path.basename(request.POST.get("import_file_name", "")),
        request.POST.get("format", ""),
        request.POST.get("resource", ""),
    ]


def remember(request, name, file_format, resource):
    uploads = [u for u in request.session.get(SESSION_KEY, []) if u[0] != name]
    request.session[SESSION_KEY] = [*uploads, [name, str(file_format), str(resource)]][-KEPT:]


def owns(request, upload):
    return upload in request.session.get(SESSION_KEY, [])


def forget(request, upload):
    uploads = request.session.get(SESSION_KEY, [])
    if upload in uploads:
        request.session[SESSION_KEY] = [u for u in uploads if u != upload]
