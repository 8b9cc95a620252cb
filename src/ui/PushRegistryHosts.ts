/**
 * The registries pushes go to, for the Local Images grouping (docker/registryAliases.ts): every ECR
 * registry host, plus each registry host ECR Push has pushed to (an `ecrPush.endpoint` such as LocalStack
 * hands out hosts that do not look like ECR's). The latter are remembered in globalState (not secret).
 */
import type * as vscode from 'vscode';
import { parseEcrRegistryHost } from '../ecr/registryHost';

const HOSTS_KEY = 'ecrPush.pushRegistryHosts';
/** Enough for every registry a person pushes to; the oldest goes first. */
const MAX_HOSTS = 20;

export class PushRegistryHosts {
  private hosts: string[];

  constructor(private readonly state: vscode.Memento) {
    this.hosts = state.get<string[]>(HOSTS_KEY, []).filter((host) => typeof host === 'string');
  }

  /** True for an ECR registry host or one a push went to. */
  includes(host: string): boolean {
    return parseEcrRegistryHost(host) !== undefined || this.hosts.includes(host.toLowerCase());
  }

  /** Records the registry host of a push's repository URI (`HOST/REPO`); known at once, saved in the background. */
  rememberPush(repositoryUri: string): Promise<void> {
    const host = repositoryUri.slice(0, repositoryUri.indexOf('/')).toLowerCase();
    if (!host || parseEcrRegistryHost(host) || this.hosts[this.hosts.length - 1] === host) {
      return Promise.resolve();
    }
    this.hosts = [...this.hosts.filter((known) => known !== host), host].slice(-MAX_HOSTS);
    return Promise.resolve(this.state.update(HOSTS_KEY, this.hosts));
  }
}
