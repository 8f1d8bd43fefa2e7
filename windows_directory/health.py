from django.db import DatabaseError, connection
from django.http import HttpResponse

# Liveness: the process answers. Docker's HEALTHCHECK asks it; a failure means restart it.
HEALTH_PATH = "/healthz"
# Readiness: the database answers too. Load balancers ask it; a failure means send no traffic
# here for now. It must not be the liveness check: a database outage would otherwise have every
# instance restarted, which helps nothing and drops what they could still serve.
READY_PATH = "/readyz"


class HealthCheckMiddleware:
    """Answer /healthz and /readyz before host validation and the HTTPS redirect.

    Load balancers and Docker's HEALTHCHECK call them over plain HTTP by IP address, which
    ALLOWED_HOSTS and SECURE_SSL_REDIRECT would otherwise turn into 400 or 301. They say only
    whether the process and the database answer, so they need no protection.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            response = HttpResponse("ok\n")
        elif request.path == READY_PATH:
            response = readiness()
        else:
            return self.get_response(request)
        response["Content-Type"] = "text/plain; charset=utf-8"
        response["Cache-Control"] = "no-store"
        return response


def readiness():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503)
    return HttpResponse("ok\n")
