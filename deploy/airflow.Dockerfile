# Airflow with attrgen's library: the official image (Python 3.11, as airflow/constraints.txt
# was resolved on), the project installed with the same constraints as `attrgen airflow setup`.
FROM apache/airflow:3.3.2-python3.11

COPY --chown=airflow:root pyproject.toml README.md /opt/attrgen/
COPY --chown=airflow:root airflow/constraints.txt /opt/attrgen/airflow/constraints.txt
COPY --chown=airflow:root attrgen /opt/attrgen/attrgen
COPY --chown=airflow:root shared /opt/attrgen/shared
COPY --chown=airflow:root services /opt/attrgen/services
RUN pip install --no-cache-dir -c /opt/attrgen/airflow/constraints.txt /opt/attrgen
