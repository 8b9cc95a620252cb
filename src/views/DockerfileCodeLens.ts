/**
 * One click from a Dockerfile to ECR: CodeLenses on its first `FROM` line, "Build and Push to ECR…" and,
 * once the Dockerfile has remembered choices, "Build and Push Again" with what it will do.
 */
import * as vscode from 'vscode';
import { fromInstructions } from '../docker/dockerfile';
import { dockerfileKey, type BuildMemory } from '../ui/BuildMemory';

/** The documents the lenses show on: the Dockerfile language, and the file names in case no extension claims them. */
export const DOCKERFILE_SELECTOR: vscode.DocumentSelector = [
  { language: 'dockerfile' },
  { scheme: 'file', pattern: '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}' },
];

export class DockerfileCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly builds: BuildMemory) {
    // Granting trust shows the lenses that Restricted Mode hid.
    this.onDidChangeCodeLenses = (listener, thisArgs, disposables) => {
      const both = vscode.Disposable.from(
        builds.onDidChange(listener, thisArgs),
        vscode.workspace.onDidGrantWorkspaceTrust(() => listener.call(thisArgs)),
      );
      disposables?.push(both);
      return both;
    };
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted) {
      // A build runs the Dockerfile's RUN steps: not offered in Restricted Mode (the command refuses too).
      return [];
    }
    const first = fromInstructions(document.getText())[0];
    if (!first) {
      return [];
    }
    const range = new vscode.Range(first.line, 0, first.line, 0);
    const lenses = [
      new vscode.CodeLens(range, {
        title: `$(cloud-upload) ${vscode.l10n.t('Build and Push to ECR…')}`,
        command: 'ecrPush.buildAndPush',
        arguments: [document.uri],
      }),
    ];
    const remembered = this.builds.get(dockerfileKey(document.uri));
    if (remembered) {
      lenses.push(
        new vscode.CodeLens(range, {
          title: `$(sync) ${vscode.l10n.t('Build and Push Again: {0}', `${remembered.repository}:${remembered.tagPattern.join(',')} · ${remembered.region}`)}`,
          tooltip: vscode.l10n.t('Builds this Dockerfile and pushes it with the choices of last time, without asking'),
          command: 'ecrPush.buildAndPushAgain',
          arguments: [document.uri],
        }),
      );
    }
    return lenses;
  }
}
