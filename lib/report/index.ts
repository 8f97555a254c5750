// Pure report rendering: plain data in, self-contained HTML out.
export { renderSearchReport, colourOf, type ReportData, type ReportCandidate } from './search-report.js';
