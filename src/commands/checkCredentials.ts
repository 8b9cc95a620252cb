/**
 * "ECR: Check AWS Credentials": resolves the selected identity's credentials now, through the same
 * EcrSessions a push uses (a profile's role, SSO or credential_process run; an MFA code may be asked),
 * and says where they came from. No ECR call is made. The walkthrough's identity step completes on it.
 */
import * as vscode from 'vscode';
import { shortAccessKeyId } from '../credentials/accessKeyFormat';
import type { EcrSessions } from '../credentials/EcrSessions';
import type { RegionResolver } from '../credentials/regionResolution';
import type { ErrorNotifier } from '../ui/ErrorNotifier';

export interface CheckCredentialsDeps {
  readonly sessions: EcrSessions;
  readonly regions: RegionResolver;
  readonly errors: ErrorNotifier;
  /** Asks for a region when none is set (ECR: Select Region); undefined when dismissed. */
  readonly selectRegion: () => Promise<string | undefined>;
}

/** What resolved: where from, and the account when the credentials name it. */
export interface CredentialCheck {
  readonly source: string;
  readonly accountId?: string;
}

export function createCheckCredentialsCommand(deps: CheckCredentialsDeps) {
  return async (): Promise<CredentialCheck | undefined> => {
    const region = (await deps.regions.current())?.region ?? (await deps.selectRegion());
    if (!region) {
      return undefined;
    }
    try {
      const session = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('ECR: checking AWS credentials…') },
        () => deps.sessions.open(region),
      );
      const key = shortAccessKeyId(session.identity);
      void vscode.window.showInformationMessage(
        session.accountId
          ? vscode.l10n.t(
              'ECR Push: AWS credentials resolve from {0}: access key {1} in account {2}.',
              session.sourceDescription,
              key,
              session.accountId,
            )
          : vscode.l10n.t('ECR Push: AWS credentials resolve from {0}: access key {1}.', session.sourceDescription, key),
      );
      return { source: session.sourceDescription, accountId: session.accountId };
    } catch (error) {
      deps.errors.notify(error, { what: 'resolve AWS credentials' });
      return undefined;
    }
  };
}
