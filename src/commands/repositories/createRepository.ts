/**
 * "Create Repository…": name (checked as typed), tag mutability, scan on push, and encryption
 * (AES256, or KMS with the AWS-managed key or a key of yours). With complete arguments
 * `{ repositoryName, region?, accountId?, imageTagMutability?, scanOnPush?, encryptionType?, kmsKey? }`
 * it does not prompt. Resolves to the new repository's name and URI.
 */
import * as vscode from 'vscode';
import type { EncryptionSetting } from '../../ecr/EcrCatalog';
import type { ImageTagMutability } from '../../ecr/EcrRegistry';
import { validateRepositoryName } from '../../push/validation';
import { RegionNode } from '../../views/repositories/RepositoryNodes';
import { argumentError, parsePlainArgs, regionFor, type RepositoryCommandDeps } from './repositoryTarget';

export interface CreateRepositoryResult {
  readonly repositoryName: string;
  readonly repositoryUri: string;
  readonly region: string;
}

interface CreateChoices {
  readonly name: string;
  readonly region: string;
  readonly registryId?: string;
  readonly imageTagMutability: ImageTagMutability;
  readonly scanOnPush: boolean;
  readonly encryption: EncryptionSetting;
}

const KMS_KEY =
  /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/\S+|alias\/\S+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** A KMS key id, key ARN, alias name or alias ARN; undefined when it looks like one. */
function validateKmsKey(value: string): string | undefined {
  const key = value.trim();
  if (!key) return undefined; // empty: the AWS-managed key for ECR
  return KMS_KEY.test(key)
    ? undefined
    : vscode.l10n.t('Enter a KMS key ARN, key id, alias/name or alias ARN (or leave empty for the AWS-managed key).');
}

export function createCreateRepositoryCommand(
  deps: RepositoryCommandDeps,
  defaults: () => { imageTagMutability: ImageTagMutability; scanOnPush: boolean },
) {
  return async (arg?: unknown): Promise<CreateRepositoryResult | undefined> => {
    try {
      const choices = parsePlainArgs(arg)
        ? await fromArgs(deps, arg as Record<string, unknown>, defaults())
        : await prompt(deps, arg, defaults());
      if (!choices) {
        return undefined;
      }
      const session = await deps.provider.session(choices.region);
      const repository = await session.registry.createRepositoryWith({
        name: choices.name,
        registryId: choices.registryId,
        imageTagMutability: choices.imageTagMutability,
        scanOnPush: choices.scanOnPush,
        encryption: choices.encryption,
      });
      const uri = repository.uri || `${(await session.registry.getAuthorization(choices.registryId)).registryHost}/${choices.name}`;
      deps.provider.refreshRepository(choices.name);
      const copyUri = vscode.l10n.t('Copy URI');
      void vscode.window.showInformationMessage(vscode.l10n.t('Created repository {0}.', uri), copyUri).then((choice) => {
        if (choice === copyUri) void vscode.env.clipboard.writeText(uri);
      });
      return { repositoryName: choices.name, repositoryUri: uri, region: choices.region };
    } catch (error) {
      deps.errors.notify(error, { what: vscode.l10n.t('create the repository') });
      return undefined;
    }
  };
}

async function fromArgs(
  deps: RepositoryCommandDeps,
  raw: Record<string, unknown>,
  defaults: { imageTagMutability: ImageTagMutability; scanOnPush: boolean },
): Promise<CreateChoices> {
  const args = parsePlainArgs(raw);
  if (!args) {
    throw argumentError('repositoryName is required.');
  }
  const region = await regionFor(deps, args.region);
  const mutability = raw.imageTagMutability ?? defaults.imageTagMutability;
  if (mutability !== 'MUTABLE' && mutability !== 'IMMUTABLE') {
    throw argumentError('imageTagMutability must be MUTABLE or IMMUTABLE.');
  }
  const scanOnPush = raw.scanOnPush ?? defaults.scanOnPush;
  if (typeof scanOnPush !== 'boolean') {
    throw argumentError('scanOnPush must be true or false.');
  }
  const type = raw.encryptionType ?? 'AES256';
  if (type !== 'AES256' && type !== 'KMS') {
    throw argumentError('encryptionType must be AES256 or KMS.');
  }
  const kmsKey = typeof raw.kmsKey === 'string' ? raw.kmsKey.trim() : undefined;
  const keyProblem = kmsKey ? validateKmsKey(kmsKey) : undefined;
  if (keyProblem) {
    throw argumentError(keyProblem);
  }
  return {
    name: args.repositoryName,
    region,
    registryId: args.accountId,
    imageTagMutability: mutability,
    scanOnPush,
    encryption: type === 'KMS' ? { type, kmsKey: kmsKey || undefined } : { type },
  };
}

async function prompt(
  deps: RepositoryCommandDeps,
  arg: unknown,
  defaults: { imageTagMutability: ImageTagMutability; scanOnPush: boolean },
): Promise<CreateChoices | undefined> {
  const regionNode = arg instanceof RegionNode ? arg : undefined;
  const region = regionNode?.region ?? (await deps.regions.current())?.region;
  if (!region) {
    const selectRegion = vscode.l10n.t('Select Region');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('ECR: no region is selected, so there is nowhere to create the repository.'),
      selectRegion,
    );
    if (choice === selectRegion) await vscode.commands.executeCommand('ecrPush.selectRegion');
    return undefined;
  }
  const title = vscode.l10n.t('Create ECR repository in {0}', region);
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0} (1/4): name', title),
    prompt: vscode.l10n.t('Lowercase letters, digits, and . _ - / between them, e.g. team/my-app'),
    ignoreFocusOut: true,
    validateInput: (value) => validateRepositoryName(value.trim()),
  });
  if (!name) return undefined;

  const mutability = await vscode.window.showQuickPick(
    [
      {
        label: 'MUTABLE' as const,
        description: defaults.imageTagMutability === 'MUTABLE' ? vscode.l10n.t('default') : undefined,
        detail: vscode.l10n.t('A tag can be pushed again and move to a new image.'),
      },
      {
        label: 'IMMUTABLE' as const,
        description: defaults.imageTagMutability === 'IMMUTABLE' ? vscode.l10n.t('default') : undefined,
        detail: vscode.l10n.t('A tag, once pushed, always names the same image.'),
      },
    ].sort((a) => (a.label === defaults.imageTagMutability ? -1 : 1)),
    { title: vscode.l10n.t('{0} (2/4): tag mutability', title), ignoreFocusOut: true },
  );
  if (!mutability) return undefined;

  const scan = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('Scan on push'),
        value: true,
        detail: vscode.l10n.t('Basic scanning of each pushed image for known vulnerabilities.'),
      },
      { label: vscode.l10n.t('No scan on push'), value: false },
    ].sort((a) => (a.value === defaults.scanOnPush ? -1 : 1)),
    { title: vscode.l10n.t('{0} (3/4): image scanning', title), ignoreFocusOut: true },
  );
  if (!scan) return undefined;

  const encryptionPick = await vscode.window.showQuickPick(
    [
      { label: 'AES256', value: 'AES256' as const, detail: vscode.l10n.t('Amazon S3-managed keys (the default).') },
      { label: 'KMS', value: 'KMS' as const, detail: vscode.l10n.t('AWS KMS: the AWS-managed key for ECR, or a key of yours.') },
    ],
    { title: vscode.l10n.t('{0} (4/4): encryption (cannot be changed later)', title), ignoreFocusOut: true },
  );
  if (!encryptionPick) return undefined;
  let encryption: EncryptionSetting = { type: 'AES256' };
  if (encryptionPick.value === 'KMS') {
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('{0}: KMS key', title),
      prompt: vscode.l10n.t('KMS key ARN, key id or alias (empty: the AWS-managed key aws/ecr)'),
      ignoreFocusOut: true,
      validateInput: validateKmsKey,
    });
    if (key === undefined) return undefined;
    encryption = { type: 'KMS', kmsKey: key.trim() || undefined };
  }
  return {
    name: name.trim(),
    region,
    registryId: regionNode?.registryId,
    imageTagMutability: mutability.label,
    scanOnPush: scan.value,
    encryption,
  };
}
