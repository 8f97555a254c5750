// Pure report rendering: plain data in, self-contained HTML out.
export { renderSearchReport, colourOf, type ReportData, type ReportCandidate, type HvOverTime, type HvSeries, type RungFront, type ReportSubmit } from './search-report.js';
