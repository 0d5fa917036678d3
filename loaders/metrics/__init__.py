"""Service-centre metrics and volunteer coverage, data side.

The functions the UI calls:

* storage — :func:`store.get_engine`, :func:`store.metric_values`,
  :func:`store.metric_table`, :func:`store.volunteer_table`, :func:`store.trend`,
  :func:`store.periods`, :func:`store.data_status`, :func:`store.import_log`;
* import — :func:`importer.prepare` (validate + join doctor, nothing stored),
  :func:`importer.import_file` (all or nothing, logged), :meth:`importer.Prepared.corrected_file`;
* templates — :func:`templates.template_bytes`;
* sample data — :func:`sample.ensure_sample_loaded`, label :data:`safety.SAMPLE_LABEL`;
* press figures — :func:`reported.reported_figures`, :func:`reported.figure_html`;
* safety — :func:`safety.to_csv_bytes`, :func:`safety.to_xlsx_bytes`,
  :func:`safety.escape_html`, :data:`safety.MAX_UPLOAD_BYTES`.

See ``loaders/metrics/README.md`` for the schemas, the allocation rule and the measures.
"""

from loaders.metrics.derive import METRIC_INFO
from loaders.metrics.errors import MetricsInputError, Problem, UploadRejected, ValidationFailed
from loaders.metrics.safety import SAMPLE_LABEL

__all__ = [
    "METRIC_INFO",
    "SAMPLE_LABEL",
    "MetricsInputError",
    "Problem",
    "UploadRejected",
    "ValidationFailed",
]
