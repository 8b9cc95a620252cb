/**
 * The one shape of a finding for basic and enhanced scans, counts with every severity, the wording of a
 * scan's outcome, and the order findings are listed in.
 */
import * as assert from 'node:assert/strict';
import {
  countsFrom,
  countsText,
  fromBasicFinding,
  fromEnhancedFinding,
  isScanPending,
  scanOutcomeText,
  sortFindings,
  worstSeverity,
  type ScanFinding,
} from '../../../src/ecr/imageScan';

describe('image scans', () => {
  it('narrows a basic finding: CVE, package and version from its attributes, no fixed-in version', () => {
    const finding = fromBasicFinding({
      name: 'CVE-2019-5188',
      description: 'A code execution vulnerability exists in e2fsprogs.',
      uri: 'https://security-tracker.debian.org/tracker/CVE-2019-5188',
      severity: 'MEDIUM',
      attributes: [
        { key: 'package_version', value: '1.44.5-1+deb10u1' },
        { key: 'package_name', value: 'e2fsprogs' },
        { key: 'CVSS2_VECTOR', value: 'AV:L/AC:L/Au:N/C:P/I:P/A:P' },
        { key: 'CVSS2_SCORE', value: '4.6' },
      ],
    });
    assert.deepEqual(finding, {
      severity: 'MEDIUM',
      name: 'CVE-2019-5188',
      description: 'A code execution vulnerability exists in e2fsprogs.',
      package: 'e2fsprogs',
      version: '1.44.5-1+deb10u1',
      uri: 'https://security-tracker.debian.org/tracker/CVE-2019-5188',
    });
  });

  it('narrows an enhanced finding: vulnerability id, every vulnerable package, fixed-in versions and the source link', () => {
    const finding = fromEnhancedFinding({
      title: 'CVE-2023-0464 - openssl, libssl3',
      description: 'A security vulnerability has been identified in all supported versions of OpenSSL.',
      severity: 'HIGH',
      packageVulnerabilityDetails: {
        vulnerabilityId: 'CVE-2023-0464',
        sourceUrl: 'https://security-tracker.debian.org/tracker/CVE-2023-0464',
        referenceUrls: ['https://www.openssl.org/news/secadv/20230322.txt'],
        vulnerablePackages: [
          { name: 'openssl', version: '3.0.8-1', fixedInVersion: '3.0.9-1' },
          { name: 'libssl3', version: '3.0.8-1', fixedInVersion: '3.0.9-1' },
        ],
      },
    });
    assert.equal(finding.name, 'CVE-2023-0464');
    assert.equal(finding.package, 'openssl, libssl3');
    assert.equal(finding.version, '3.0.8-1');
    assert.equal(finding.fixedIn, '3.0.9-1');
    assert.equal(finding.uri, 'https://security-tracker.debian.org/tracker/CVE-2023-0464');
    // A finding with nothing but a title and an unknown severity still reads.
    assert.deepEqual(fromEnhancedFinding({ title: 'Weak cipher', severity: 'UNTRIAGED' }), { severity: 'UNDEFINED', name: 'Weak cipher' });
  });

  it('counts every severity, 0 when ECR leaves it out, and says them worst first', () => {
    const counts = countsFrom({ HIGH: 2, CRITICAL: 1, LOW: 3 });
    assert.deepEqual(counts, { CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 3, INFORMATIONAL: 0, UNDEFINED: 0 });
    assert.equal(countsText(counts), '1 CRITICAL, 2 HIGH, 3 LOW');
    assert.equal(worstSeverity(counts), 'CRITICAL');
    assert.equal(countsText(countsFrom(undefined)), 'no findings');
    assert.equal(worstSeverity(countsFrom({})), undefined);
  });

  it('tells pending statuses from final ones and words each outcome', () => {
    assert.equal(isScanPending('IN_PROGRESS'), true);
    assert.equal(isScanPending('PENDING'), true);
    for (const done of ['COMPLETE', 'ACTIVE', 'FAILED', 'UNSUPPORTED_IMAGE', 'FINDINGS_UNAVAILABLE']) {
      assert.equal(isScanPending(done), false, done);
    }
    assert.equal(scanOutcomeText({ status: 'COMPLETE', counts: countsFrom({ HIGH: 1 }) }), '1 HIGH');
    assert.equal(scanOutcomeText({ status: 'ACTIVE', counts: countsFrom({}) }), 'no findings');
    assert.equal(scanOutcomeText({ status: 'FAILED' }), 'scan failed');
    assert.equal(scanOutcomeText({ status: 'UNSUPPORTED_IMAGE' }), 'image type not supported by scanning');
    assert.equal(scanOutcomeText({ status: 'IN_PROGRESS' }), 'scan in progress');
  });

  it('sorts worst first by default, by any column both ways, with a stable tie order', () => {
    const findings: ScanFinding[] = [
      { severity: 'LOW', name: 'CVE-2011-3374', package: 'apt', version: '2.6.1' },
      { severity: 'HIGH', name: 'CVE-2023-4911', package: 'glibc', version: '2.36-9', fixedIn: '2.36-9+deb12u3' },
      { severity: 'CRITICAL', name: 'CVE-2022-37434', package: 'zlib', version: '1:1.2.11', fixedIn: '1:1.2.13' },
      { severity: 'HIGH', name: 'CVE-2023-0464', package: 'openssl', version: '3.0.8-1', fixedIn: '3.0.9-1' },
    ];
    const names = (list: ScanFinding[]) => list.map((f) => f.name);
    assert.deepEqual(names(sortFindings(findings)), ['CVE-2022-37434', 'CVE-2023-0464', 'CVE-2023-4911', 'CVE-2011-3374']);
    assert.deepEqual(names(sortFindings(findings, 'severity', 'asc')), [
      'CVE-2011-3374',
      'CVE-2023-0464',
      'CVE-2023-4911',
      'CVE-2022-37434',
    ]);
    assert.deepEqual(names(sortFindings(findings, 'package')), ['CVE-2011-3374', 'CVE-2023-4911', 'CVE-2023-0464', 'CVE-2022-37434']);
    assert.deepEqual(names(sortFindings(findings, 'package', 'desc')), [
      'CVE-2022-37434',
      'CVE-2023-0464',
      'CVE-2023-4911',
      'CVE-2011-3374',
    ]);
    // Numeric-aware: CVE-2023-4911 before CVE-2023-0464 only when descending.
    assert.deepEqual(names(sortFindings(findings, 'name', 'desc')), ['CVE-2023-4911', 'CVE-2023-0464', 'CVE-2022-37434', 'CVE-2011-3374']);
    assert.deepEqual(findings.map((f) => f.name)[0], 'CVE-2011-3374', 'the input is not reordered');
  });
});
