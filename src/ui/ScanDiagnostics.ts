/**
 * The scan's summary as a diagnostic on the `FROM` line of the Dockerfile the image was built from, when
 * that Dockerfile is in the workspace (docker/dockerfile.ts decides which, by name). One diagnostic per
 * Dockerfile: a newer scan replaces it. CRITICAL findings make it an error, HIGH a warning.
 */
import * as vscode from 'vscode';
import { finalFromLine, pickDockerfile, type DockerfileCandidate } from '../docker/dockerfile';
import { countsText, totalFindings, worstSeverity, type ScanReport } from '../ecr/imageScan';

const DOCKERFILES = '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile}';
const EXCLUDE = '**/{node_modules,.git}/**';

export interface ScannedImage {
  /** `team/app:1.0`, as the message names the image. */
  readonly label: string;
  readonly repository: string;
  /** The local image a push came from (`web:1.0`): it was built on this machine. */
  readonly localSource?: string;
}

export class ScanDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ecrPush.scan');

  /** Puts the summary on the image's Dockerfile; returns that Dockerfile, or undefined when none is the image's. */
  async update(image: ScannedImage, report: ScanReport): Promise<vscode.Uri | undefined> {
    const files = await vscode.workspace.findFiles(DOCKERFILES, EXCLUDE, 200);
    const candidates = files.map((uri) => ({ uri, ...candidateOf(uri) }));
    const names = [image.repository, ...(image.localSource ? [image.localSource] : [])];
    const picked = pickDockerfile(candidates, names, image.localSource !== undefined) as
      (DockerfileCandidate & { uri: vscode.Uri }) | undefined;
    if (!picked) {
      return undefined;
    }
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(picked.uri));
    const from = finalFromLine(text);
    if (!from) {
      return undefined;
    }
    const worst = worstSeverity(report.counts);
    const severity =
      worst === 'CRITICAL'
        ? vscode.DiagnosticSeverity.Error
        : worst === 'HIGH'
          ? vscode.DiagnosticSeverity.Warning
          : vscode.DiagnosticSeverity.Information;
    const total = totalFindings(report.counts);
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(from.line, from.imageStart, from.line, from.imageEnd),
      `ECR scan of ${image.label}: ${countsText(report.counts)}${total ? ` (${total} finding${total === 1 ? '' : 's'}; "Show Scan Findings" on the image lists them)` : ''}.`,
      severity,
    );
    diagnostic.source = 'ECR Push';
    diagnostic.code = report.enhanced ? 'enhanced scan' : 'basic scan';
    this.collection.set(picked.uri, [diagnostic]);
    return picked.uri;
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function candidateOf(uri: vscode.Uri): DockerfileCandidate {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return {
    relativePath: folder ? vscode.workspace.asRelativePath(uri, false) : uri.path,
    workspaceFolderName: folder?.name ?? '',
  };
}
