FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs pango and HarfBuzz; the leaflets need a Japanese font with a real bold.
# Debian versions are not pinned: a rebuild should pick up the distribution's security fixes.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# The key only satisfies settings at build time; the running container gets its own.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input -v0

# Optional: a release id (e.g. the git commit) for ETags; without it the code's hash is used.
ARG RELEASE=""
ENV RELEASE=${RELEASE}

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Migrations are a separate one-off: docker run --rm --env-file prod.env IMAGE python manage.py migrate
CMD ["gunicorn", "--config", "gunicorn.conf.py", "windows_directory.wsgi"]
