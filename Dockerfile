# The app from N Streamlit processes behind nginx, in one container.
#
#   docker build -t smart-accounts .
#   docker run --rm -p 127.0.0.1:8080:8080 -e PROCESSES=2 smart-accounts
#
# Untested here (no container runtime on the development machine); the recipe it
# runs, deploy/cluster.py, is what tests/e2e/test_proxy.py proves.  Shared cases:
# mount a volume on /data/cases, or set CASE_STORE_URL to an fsspec URL (s3://...)
# and install its package (s3fs) in the image.
FROM python:3.11-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx-light \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 app
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt "fsspec>=2024.6"
COPY app.py ./
COPY calc/ calc/
COPY ui/ ui/
COPY pages/ pages/
COPY deploy/ deploy/
COPY sample_data/ sample_data/
COPY .streamlit/config.toml .streamlit/config.toml

RUN mkdir -p /data/cases && chown app /data/cases
USER app
ENV PROCESSES=2 \
    CASE_STORE_URL=/data/cases \
    PYTHONUNBUFFERED=1
VOLUME ["/data/cases"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request as u; assert u.urlopen('http://127.0.0.1:8080/_stcore/health', timeout=4).read().strip() == b'ok'"
# nginx listens on all interfaces of the container; the Streamlit processes stay on 127.0.0.1.
CMD ["sh", "-c", "exec python deploy/cluster.py --processes \"$PROCESSES\" --port 8080 --host 0.0.0.0 --run-dir /tmp/nginx"]
