// The service's reports (issue 15): routes, and the headline figures the manager's home shows.
export { registerReportRoutes } from './reports.routes';
export { headline, type Headline } from './reports.service';
export { filterQuery, parseReportFilter } from './reports.forms';
export { HeadlineFigures } from './views/ReportPages';
export { ReportSummaryWorker } from './reports.summary';
