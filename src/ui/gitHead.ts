/**
 * HEAD of the git repository a file is in, for tag suggestions: from the built-in Git extension when it
 * knows the repository (no process to start), else from the git CLI (push/tagSuggestions.ts).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readGitHead, type GitHead } from '../push/tagSuggestions';

/** The few members of the `vscode.git` extension's API (version 1) read here. */
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitRepository {
  readonly state: { readonly HEAD?: { readonly name?: string; readonly commit?: string } };
  /** Re-reads the repository: a commit made in a terminal a moment ago is not yet in `state` otherwise. */
  status(): Promise<void>;
}

/** git's default abbreviation of a commit hash. */
const SHORT_COMMIT = 7;

export async function gitHeadFor(file: vscode.Uri): Promise<GitHead> {
  const fromExtension = await headFromGitExtension(file).catch(() => undefined);
  if (fromExtension?.commit) {
    return fromExtension;
  }
  return readGitHead(path.dirname(file.fsPath));
}

async function headFromGitExtension(file: vscode.Uri): Promise<GitHead | undefined> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) {
    return undefined;
  }
  const exports = extension.isActive ? extension.exports : await extension.activate();
  const repository = exports.getAPI(1).getRepository(file);
  if (!repository) {
    return undefined;
  }
  await repository.status();
  const head = repository.state.HEAD;
  if (!head?.commit) {
    return undefined;
  }
  return { commit: head.commit.slice(0, SHORT_COMMIT), ...(head.name ? { branch: head.name } : {}) };
}
