# The jobgraph API. Used by docker-compose.yml with Neo4j; runs the embedded engine when used alone:
#   docker build -t jobgraph . && docker run -p 8000:8000 -v jobgraph-data:/data jobgraph
# Add OpenTelemetry tracing (JOBGRAPH_OTEL=true at run time) with: docker build --build-arg EXTRAS=otel .
FROM python:3.11-slim

ARG EXTRAS=""
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    JOBGRAPH_HOST=0.0.0.0 \
    JOBGRAPH_PORT=8000 \
    JOBGRAPH_DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY schema ./schema
COPY loaders ./loaders
COPY graph_api ./graph_api
RUN pip install ".${EXTRAS:+[$EXTRAS]}" \
    && useradd --create-home --uid 10001 jobgraph \
    && mkdir -p /data && chown jobgraph /data

USER jobgraph
VOLUME ["/data"]
EXPOSE 8000
# Liveness only (/healthz): the process answers. /readyz also asks the graph.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD python -c "import os, sys, urllib.request; port = os.environ.get('JOBGRAPH_PORT', '8000'); sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=2).status == 200 else 1)"
CMD ["jobgraph", "serve"]
