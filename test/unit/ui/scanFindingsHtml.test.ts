/**
 * The findings panel's HTML (pure, no VS Code): one row per finding with its link, sorted by the column
 * asked, the sort shown in the header, ECR's text escaped, and a CSP that runs only the page's own script.
 */
import * as assert from 'node:assert/strict';
import { countFindings, type ScanFinding, type ScanReport } from '../../../src/ecr/imageScan';
import { renderFindingsHtml } from '../../../src/ui/scanFindingsHtml';

const FINDINGS: ScanFinding[] = [
  {
    severity: 'LOW',
    name: 'CVE-2011-3374',
    package: 'apt',
    version: '2.6.1',
    uri: 'https://security-tracker.debian.org/tracker/CVE-2011-3374',
  },
  {
    severity: 'CRITICAL',
    name: 'CVE-2022-37434',
    package: 'zlib',
    version: '1:1.2.11',
    fixedIn: '1:1.2.13',
    description: 'heap <overflow> & "more"',
    uri: 'https://nvd.nist.gov/vuln/detail/CVE-2022-37434',
  },
  { severity: 'HIGH', name: 'CVE-2023-0464', package: 'openssl', version: '3.0.8-1', fixedIn: '3.0.9-1', uri: 'javascript:alert(1)' },
];
const REPORT: ScanReport = {
  status: 'COMPLETE',
  counts: countFindings(FINDINGS),
  findings: FINDINGS,
  enhanced: true,
  completedAt: new Date('2024-05-01T10:00:00Z'),
};

function rowNames(html: string): string[] {
  return [...html.matchAll(/<tr class="[a-z]+">\s*<td>.*?<\/td>\s*<td>(?:<a [^>]*>)?([^<]+)/gs)].map((m) => m[1]);
}

describe('the scan findings panel HTML', () => {
  const page = { title: 'team/app:1.0', subtitle: 'us-east-1', report: REPORT };
  const webview = { nonce: 'n0nce', cspSource: 'vscode-webview:' };

  it('lists every finding worst first, with package, version, fixed-in and a link', () => {
    const html = renderFindingsHtml({ ...page, sort: 'severity', direction: 'desc' }, webview);
    assert.deepEqual(rowNames(html), ['CVE-2022-37434', 'CVE-2023-0464', 'CVE-2011-3374']);
    assert.match(html, /<a href="https:\/\/nvd\.nist\.gov\/vuln\/detail\/CVE-2022-37434">CVE-2022-37434<\/a>/);
    assert.match(html, /<td>zlib<\/td>\s*<td>1:1\.2\.11<\/td>\s*<td>1:1\.2\.13<\/td>/);
    assert.match(html, /<td>apt<\/td>\s*<td>2\.6\.1<\/td>\s*<td>—<\/td>/);
    assert.match(html, /1 CRITICAL<\/span> <span class="badge high">1 HIGH<\/span> <span class="badge low">1 LOW/);
    assert.match(html, /Enhanced scan \(Amazon Inspector\), completed 2024-05-01 10:00:00 UTC/);
    assert.match(html, /<th aria-sort="descending"><button type="button" data-sort="severity" [^>]*>Severity ▼<\/button><\/th>/);
  });

  it('sorts by the column asked, and shows which', () => {
    const html = renderFindingsHtml({ ...page, sort: 'package', direction: 'asc' }, webview);
    assert.deepEqual(rowNames(html), ['CVE-2011-3374', 'CVE-2023-0464', 'CVE-2022-37434']);
    assert.match(html, /aria-sort="ascending"><button type="button" data-sort="package" [^>]*>Package ▲/);
  });

  it('escapes ECR’s text and links only http(s) URLs', () => {
    const html = renderFindingsHtml({ ...page, sort: 'severity', direction: 'desc' }, webview);
    assert.match(html, /heap &lt;overflow&gt; &amp; &quot;more&quot;/);
    assert.ok(!html.includes('javascript:alert'), 'a javascript: URI is not linked');
    assert.match(html, /default-src 'none'; style-src vscode-webview: 'unsafe-inline'; script-src 'nonce-n0nce';/);
    assert.equal((html.match(/<script nonce="n0nce">/g) ?? []).length, 1);
  });

  it('says what a scan without results means', () => {
    const failed: ScanReport = {
      status: 'FAILED',
      description: 'The scan failed.',
      counts: countFindings([]),
      findings: [],
      enhanced: false,
    };
    const html = renderFindingsHtml({ ...page, report: failed, sort: 'severity', direction: 'desc' }, webview);
    assert.match(html, /Scan failed \(FAILED\): The scan failed\./);
    assert.match(html, /No findings to show yet\./);
    assert.ok(!html.includes('<table>'));
  });
});
