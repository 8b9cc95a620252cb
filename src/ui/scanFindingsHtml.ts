/**
 * The HTML of the scan findings panel: a summary (status, counts by severity, when) and one table row per
 * finding (severity, vulnerability with its link, package, version, fixed-in version), sorted by the
 * column the user clicked. Pure: the panel hands in the nonce and the webview's CSP source; every value
 * from ECR is escaped. Theme colours come from VS Code's CSS variables, so it reads in any theme.
 */
import {
  hasScanResults,
  scanOutcomeText,
  SEVERITIES,
  sortFindings,
  type FindingSortKey,
  type ScanReport,
  type SortDirection,
} from '../ecr/imageScan';

export interface FindingsPage {
  /** `team/app:1.0` */
  readonly title: string;
  /** Region, digest, scan kind. */
  readonly subtitle: string;
  readonly report: ScanReport;
  readonly sort: FindingSortKey;
  readonly direction: SortDirection;
}

const COLUMNS: ReadonlyArray<{ key: FindingSortKey; title: string }> = [
  { key: 'severity', title: 'Severity' },
  { key: 'name', title: 'Vulnerability' },
  { key: 'package', title: 'Package' },
  { key: 'version', title: 'Version' },
  { key: 'fixedIn', title: 'Fixed in' },
];

export function renderFindingsHtml(page: FindingsPage, webview: { nonce: string; cspSource: string }): string {
  const { report } = page;
  const findings = sortFindings(report.findings, page.sort, page.direction);
  const badges = SEVERITIES.filter((severity) => report.counts[severity] > 0)
    .map((severity) => `<span class="badge ${severity.toLowerCase()}">${report.counts[severity]} ${severity}</span>`)
    .join(' ');
  const state = hasScanResults(report.status)
    ? `${report.enhanced ? 'Enhanced scan (Amazon Inspector)' : 'Basic scan'}${report.completedAt ? `, completed ${escape(report.completedAt.toISOString().replace('T', ' ').slice(0, 19))} UTC` : ''}`
    : `${escape(capitalize(scanOutcomeText(report)))} (${escape(report.status)})${report.description ? `: ${escape(report.description)}` : ''}`;
  const header = COLUMNS.map(({ key, title }) => {
    const sorted = key === page.sort;
    const arrow = sorted ? (page.direction === 'asc' ? ' ▲' : ' ▼') : '';
    const aria = sorted ? (page.direction === 'asc' ? 'ascending' : 'descending') : 'none';
    return `<th aria-sort="${aria}"><button type="button" data-sort="${key}" title="Sort by ${title}">${title}${arrow}</button></th>`;
  }).join('');
  const rows = findings
    .map(
      (finding) => `<tr class="${finding.severity.toLowerCase()}">
  <td><span class="badge ${finding.severity.toLowerCase()}">${finding.severity}</span></td>
  <td>${finding.uri && /^https?:\/\//.test(finding.uri) ? `<a href="${escape(finding.uri)}">${escape(finding.name)}</a>` : escape(finding.name)}${finding.description ? `<div class="description">${escape(finding.description)}</div>` : ''}</td>
  <td>${escape(finding.package ?? '—')}</td>
  <td>${escape(finding.version ?? '—')}</td>
  <td>${escape(finding.fixedIn ?? '—')}</td>
</tr>`,
    )
    .join('\n');
  const body =
    findings.length > 0
      ? `<table><thead><tr>${header}</tr></thead><tbody>\n${rows}\n</tbody></table>`
      : `<p class="empty">${hasScanResults(report.status) ? 'No findings.' : 'No findings to show yet.'}</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline'; script-src 'nonce-${webview.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Scan findings: ${escape(page.title)}</title>
<style>
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; }
  h1 { font-size: 1.3em; margin: 16px 0 4px; }
  .subtitle, .state, .description { color: var(--vscode-descriptionForeground); }
  .description { font-size: 0.9em; margin-top: 2px; }
  .summary { margin: 10px 0 14px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,.35)); }
  th { white-space: nowrap; }
  th button { font: inherit; font-weight: 600; color: inherit; background: none; border: none; padding: 0; cursor: pointer; }
  th button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  a { color: var(--vscode-textLink-foreground); }
  .badge { display: inline-block; padding: 1px 6px; border-radius: 8px; font-size: 0.85em; font-weight: 600; white-space: nowrap;
           background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
  .badge.critical { background: var(--vscode-errorForeground); color: var(--vscode-editor-background); }
  .badge.high { background: var(--vscode-editorWarning-foreground); color: var(--vscode-editor-background); }
  .badge.medium { background: var(--vscode-editorInfo-foreground); color: var(--vscode-editor-background); }
</style>
</head>
<body>
<h1>Scan findings: ${escape(page.title)}</h1>
<div class="subtitle">${escape(page.subtitle)}</div>
<div class="summary"><span class="state">${state}</span>${badges ? `<div>${badges}</div>` : ''}</div>
${body}
<script nonce="${webview.nonce}">
  const vscode = acquireVsCodeApi();
  for (const button of document.querySelectorAll('th button[data-sort]')) {
    button.addEventListener('click', () => vscode.postMessage({ sort: button.dataset.sort }));
  }
</script>
</body>
</html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
