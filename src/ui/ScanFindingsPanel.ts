/**
 * "Show Scan Findings": one editor panel per image with every finding in a table, sorted worst first;
 * clicking a column header sorts by it (again: the other way). A panel already open for the image is
 * brought to the front and shows the newest report (a scan that finishes while it is open updates it).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { FindingSortKey, ScanReport, SortDirection } from '../ecr/imageScan';
import { renderFindingsHtml } from './scanFindingsHtml';

/** Which image a panel shows; `key` names it (repository and digest). */
export interface FindingsTarget {
  readonly key: string;
  readonly title: string;
  readonly subtitle: string;
}

interface OpenPanel {
  readonly panel: vscode.WebviewPanel;
  target: FindingsTarget;
  report: ScanReport;
  sort: FindingSortKey;
  direction: SortDirection;
}

const SORT_KEYS: readonly FindingSortKey[] = ['severity', 'name', 'package', 'version', 'fixedIn'];

export class ScanFindingsPanel implements vscode.Disposable {
  private readonly open = new Map<string, OpenPanel>();

  /** Shows (or updates and reveals) the panel of `target`. */
  show(target: FindingsTarget, report: ScanReport): void {
    const existing = this.open.get(target.key);
    if (existing) {
      existing.target = target;
      existing.report = report;
      this.render(existing);
      existing.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      'ecrPush.scanFindings',
      `Scan findings: ${target.title}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false },
    );
    const entry: OpenPanel = { panel, target, report, sort: 'severity', direction: 'desc' };
    this.open.set(target.key, entry);
    panel.webview.onDidReceiveMessage((message: { sort?: unknown }) => {
      const key = SORT_KEYS.find((k) => k === message?.sort);
      if (!key) {
        return;
      }
      // A second click on the same column turns the order round; a new column starts in its natural order.
      entry.direction = key === entry.sort ? (entry.direction === 'asc' ? 'desc' : 'asc') : key === 'severity' ? 'desc' : 'asc';
      entry.sort = key;
      this.render(entry);
    });
    panel.onDidDispose(() => this.open.delete(target.key));
    this.render(entry);
  }

  /** A newer report for an image whose panel is open (a scan finished); nothing when none is open. */
  update(key: string, report: ScanReport): void {
    const entry = this.open.get(key);
    if (entry) {
      entry.report = report;
      this.render(entry);
    }
  }

  dispose(): void {
    for (const entry of [...this.open.values()]) {
      entry.panel.dispose();
    }
    this.open.clear();
  }

  private render(entry: OpenPanel): void {
    entry.panel.title = `Scan findings: ${entry.target.title}`;
    entry.panel.webview.html = renderFindingsHtml(
      { title: entry.target.title, subtitle: entry.target.subtitle, report: entry.report, sort: entry.sort, direction: entry.direction },
      { nonce: randomBytes(16).toString('base64'), cspSource: entry.panel.webview.cspSource },
    );
  }
}
