/**
 * Image scans as the extension sees them: one finding shape for ECR's basic and enhanced (Inspector)
 * scans, counts by severity with every severity present, and the one wording of a scan's outcome that
 * the tree, notifications, the Dockerfile diagnostic and the findings panel all use. No SDK import.
 */

/** ECR's severities, worst first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type SeverityCounts = Readonly<Record<Severity, number>>;

/** An image in a repository, by tag or by digest (ECR's ImageIdentifier). */
export interface EcrImageId {
  readonly tag?: string;
  readonly digest?: string;
}

/** One finding, whichever scan found it. */
export interface ScanFinding {
  readonly severity: Severity;
  /** The CVE (or other vulnerability id), else the finding's title. */
  readonly name: string;
  readonly description?: string;
  /** Package name(s); an enhanced finding can name several, comma-separated. */
  readonly package?: string;
  readonly version?: string;
  /** Enhanced scans only: basic scans do not report the fixing version. */
  readonly fixedIn?: string;
  /** Where to read about it. */
  readonly uri?: string;
}

/** Where a scan stands and what it found so far. */
export interface ScanReport {
  /** ECR's status: IN_PROGRESS, PENDING, COMPLETE, ACTIVE (enhanced), FAILED, UNSUPPORTED_IMAGE, … */
  readonly status: string;
  /** ECR's description of the status (why a scan failed, …). */
  readonly description?: string;
  readonly counts: SeverityCounts;
  readonly findings: readonly ScanFinding[];
  readonly completedAt?: Date;
  /** True for Amazon Inspector (enhanced) findings. */
  readonly enhanced: boolean;
  readonly imageDigest?: string;
}

/** What DescribeImages says about an image's scan (no findings, only counts). */
export interface ScanSummary {
  readonly status?: string;
  readonly description?: string;
  readonly counts?: SeverityCounts;
  readonly completedAt?: Date;
}

/** Statuses that mean "ask again later". Everything else is where the scan ends (ACTIVE: enhanced scanning has results). */
const PENDING_STATUSES = new Set(['IN_PROGRESS', 'PENDING']);

export function isScanPending(status: string | undefined): boolean {
  return status === undefined || PENDING_STATUSES.has(status);
}

/** Statuses whose findings are the scan's result. */
export function hasScanResults(status: string | undefined): boolean {
  return status === 'COMPLETE' || status === 'ACTIVE';
}

export function emptyCounts(): Record<Severity, number> {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0, UNDEFINED: 0 };
}

/** ECR's partial `findingSeverityCounts`, with every severity present (0 when absent). */
export function countsFrom(partial: Partial<Record<string, number>> | undefined): SeverityCounts {
  const counts = emptyCounts();
  for (const [key, value] of Object.entries(partial ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) {
      counts[toSeverity(key)] += value;
    }
  }
  return counts;
}

export function countFindings(findings: readonly ScanFinding[]): SeverityCounts {
  const counts = emptyCounts();
  for (const finding of findings) {
    counts[finding.severity]++;
  }
  return counts;
}

export function toSeverity(value: string | undefined): Severity {
  const upper = (value ?? '').toUpperCase();
  return (SEVERITIES as readonly string[]).includes(upper) ? (upper as Severity) : 'UNDEFINED';
}

export function totalFindings(counts: SeverityCounts): number {
  return SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0);
}

/** "1 CRITICAL, 2 HIGH, 1 MEDIUM" (only severities that occur), or "no findings". */
export function countsText(counts: SeverityCounts): string {
  const parts = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => `${counts[severity]} ${severity}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

/** The worst severity that occurs, or undefined when there are no findings. */
export function worstSeverity(counts: SeverityCounts): Severity | undefined {
  return SEVERITIES.find((severity) => counts[severity] > 0);
}

/** A scan's outcome in a few words: the counts when it has results, else what its status means. */
export function scanOutcomeText(scan: { status?: string; description?: string; counts?: SeverityCounts }): string {
  if (hasScanResults(scan.status)) {
    return countsText(scan.counts ?? emptyCounts());
  }
  switch (scan.status) {
    case undefined:
    case 'IN_PROGRESS':
    case 'PENDING':
      return 'scan in progress';
    case 'FAILED':
      return 'scan failed';
    case 'UNSUPPORTED_IMAGE':
      return 'image type not supported by scanning';
    case 'FINDINGS_UNAVAILABLE':
      return 'findings unavailable';
    case 'SCAN_ELIGIBILITY_EXPIRED':
      return 'no longer scanned (eligibility expired)';
    case 'LIMIT_EXCEEDED':
      return 'scan quota exceeded';
    case 'IMAGE_ARCHIVED':
      return 'image archived, not scanned';
    default:
      return `scan ${scan.status.toLowerCase().replace(/_/g, ' ')}`;
  }
}

export type FindingSortKey = 'severity' | 'name' | 'package' | 'version' | 'fixedIn';
export type SortDirection = 'asc' | 'desc';

/**
 * Findings in a stable order by `key`; ties go by severity (worst first), then name, then package.
 * For severity, `desc` is worst first (the order every surface starts with); for text, `asc` is A→Z.
 */
export function sortFindings(findings: readonly ScanFinding[], key: FindingSortKey = 'severity', direction?: SortDirection): ScanFinding[] {
  const rank = (finding: ScanFinding) => SEVERITIES.indexOf(finding.severity);
  const text = (value: string | undefined) => value ?? '';
  const byText = (a: string | undefined, b: string | undefined) =>
    text(a).localeCompare(text(b), undefined, { numeric: true, sensitivity: 'base' });
  const wanted = direction ?? (key === 'severity' ? 'desc' : 'asc');
  // SEVERITIES lists the worst first, so ascending rank is "desc" by severity.
  const factor = key === 'severity' ? (wanted === 'desc' ? 1 : -1) : wanted === 'asc' ? 1 : -1;
  const compareKey = (a: ScanFinding, b: ScanFinding) => (key === 'severity' ? rank(a) - rank(b) : byText(a[key], b[key]));
  return [...findings].sort(
    (a, b) => factor * compareKey(a, b) || rank(a) - rank(b) || byText(a.name, b.name) || byText(a.package, b.package),
  );
}

/** ECR's basic finding (ImageScanFinding), narrowed: the package is in its attributes. */
export function fromBasicFinding(finding: {
  name?: string;
  description?: string;
  uri?: string;
  severity?: string;
  attributes?: ReadonlyArray<{ key?: string; value?: string }>;
}): ScanFinding {
  const attribute = (key: string) => finding.attributes?.find((a) => a.key === key)?.value || undefined;
  return compact({
    severity: toSeverity(finding.severity),
    name: finding.name || '(unnamed finding)',
    description: finding.description,
    package: attribute('package_name'),
    version: attribute('package_version'),
    fixedIn: attribute('fixed_in_version'),
    uri: finding.uri,
  });
}

/** An enhanced (Amazon Inspector) finding, narrowed to the same shape. */
export function fromEnhancedFinding(finding: {
  title?: string;
  description?: string;
  severity?: string;
  packageVulnerabilityDetails?: {
    vulnerabilityId?: string;
    sourceUrl?: string;
    referenceUrls?: readonly string[];
    vulnerablePackages?: ReadonlyArray<{ name?: string; version?: string; fixedInVersion?: string }>;
  };
  remediation?: { recommendation?: { url?: string } };
}): ScanFinding {
  const details = finding.packageVulnerabilityDetails;
  const packages = details?.vulnerablePackages ?? [];
  const joined = (values: Array<string | undefined>) => {
    const present = values.filter((v): v is string => !!v);
    return present.length ? [...new Set(present)].join(', ') : undefined;
  };
  return compact({
    severity: toSeverity(finding.severity),
    name: details?.vulnerabilityId || finding.title || '(unnamed finding)',
    description: finding.description,
    package: joined(packages.map((p) => p.name)),
    version: joined(packages.map((p) => p.version)),
    fixedIn: joined(packages.map((p) => p.fixedInVersion)),
    uri: details?.sourceUrl || details?.referenceUrls?.[0] || finding.remediation?.recommendation?.url,
  });
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}
