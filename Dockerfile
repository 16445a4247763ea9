# The jobgraph API. Used by docker-compose.yml with Neo4j; runs the embedded engine when used alone.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    JOBGRAPH_HOST=0.0.0.0 \
    JOBGRAPH_PORT=8000 \
    JOBGRAPH_DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY schema ./schema
COPY loaders ./loaders
COPY graph_api ./graph_api
RUN pip install . && useradd --create-home --uid 10001 jobgraph && mkdir -p /data && chown jobgraph /data

USER jobgraph
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
CMD ["jobgraph", "serve"]
