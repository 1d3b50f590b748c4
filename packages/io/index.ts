export { TimeSeriesWriter, formatCsvNumber } from './timeseries-writer.js';
export type { ColumnSpec, TimeSeriesWriterOptions } from './timeseries-writer.js';
export {
  renderReport,
  decimateMinMax,
  buildReportData,
  escapeHtml,
  jsonForScript,
  flattenMetrics,
  formatMetricValue,
} from './report.js';
export type { ReportSeries, ReportPanel, ReportEvent, ReportTable, ReportInput, ReportData } from './report.js';
export { formatSummary, formatNumber } from './summary.js';
export { createProgress, progressEnabled } from './progress.js';
export type { Progress, ProgressOptions } from './progress.js';
