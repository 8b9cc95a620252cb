/**
 * After the push, in the real workbench against the local stack (fake ECR API, real registry, real
 * engine): the scan on push followed in the background (notification, image row, the Dockerfile's FROM
 * line), Show Scan Findings in its sortable panel, Add Tag… driven through the tree's context menu with
 * the digest checked in DescribeImages and in the registry, and Pull Image bringing an image back with
 * the same digest into Local Images. Screenshots of each go to test-results/screenshots (the README's).
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import * as vscode from 'vscode';
import { FIXED_FINDINGS } from '../fixtures/fakeEcr/scanFindings';
import type { PageDriver } from '../host/driverClient';
import { createRepository, operations, pushNew, scanEnded } from './support/afterPush';
import { withSetting } from './support/settings';
import { docker, ecrClient, ecrControl, eventually, readPushLog, stackInfo, unique } from './support/stack';
import { LOCAL_IMAGE_ROWS as LOCAL_ROWS, QUICK_INPUT, REPOSITORY_ROWS, requireDriver, TOASTS } from './support/workbench';

const SIDEBAR_STEPS = 6;
const ALL_COUNTS = '1 CRITICAL, 2 HIGH, 1 MEDIUM, 1 LOW, 1 INFORMATIONAL';
/** The fixed findings worst first, ties by name: the order every surface starts with. */
const WORST_FIRST = ['CVE-2022-37434', 'CVE-2023-0464', 'CVE-2023-4911', 'CVE-2023-29491', 'CVE-2011-3374', 'CVE-2005-2541'];

interface ScanResult {
  status: string;
  counts: Record<string, number>;
  findings: Array<{ severity: string; name: string; package?: string; version?: string; fixedIn?: string; uri?: string }>;
  imageDigest?: string;
}

async function labels(driver: PageDriver, rows: string): Promise<string[]> {
  return (await driver.attributes(rows, 'aria-label')).filter((label): label is string => !!label);
}

/** Expands a tree row (a click toggles, so only when it is collapsed). */
async function expand(driver: PageDriver, rows: string, labelStart: string): Promise<void> {
  const row = `${rows}[aria-label^="${labelStart}"]`;
  await eventually(`the row "${labelStart}"`, async () =>
    (await labels(driver, rows)).some((l) => l.startsWith(labelStart)) ? true : undefined,
  );
  if ((await driver.attributes(row, 'aria-expanded'))[0] === 'false') {
    await driver.click(row);
  }
}

/** Resizes the focused part, the editor area, a few steps (the side bar takes or gives the room). */
async function resizeEditorArea(command: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  for (let i = 0; i < SIDEBAR_STEPS; i++) {
    await vscode.commands.executeCommand(command);
  }
}

describe('After a push: scan findings, tags added in ECR, pull', () => {
  let driver: PageDriver;
  const workspace = () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the test window has a workspace folder');
    return folder;
  };
  /** The image built from a workspace Dockerfile and pushed with scan on push, shared by the tests below. */
  let web: { repository: string; digest: string; dockerfile: string };

  before(async () => {
    driver = requireDriver();
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
    await vscode.workspace.getConfiguration('ecrPush').update('repositories.pageSize', 1000, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('ecrPush.repositories.focus');
    await vscode.commands.executeCommand('ecrPush.repositories.refresh');
    // A wider side bar (a narrower editor area), so the screenshots show whole rows; put back after.
    await resizeEditorArea('workbench.action.decreaseViewWidth');
    await expand(driver, REPOSITORY_ROWS, `${stackInfo().ecr.region},`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resizeEditorArea('workbench.action.increaseViewWidth');
    await vscode.commands.executeCommand('workbench.actions.treeView.ecrPush.repositories.collapseAll');
    await vscode.workspace.getConfiguration('ecrPush').update('repositories.pageSize', undefined, vscode.ConfigurationTarget.Global);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await driver.screenshot(`after-push-failed-${this.currentTest.title.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}`);
    }
  });

  it('follows the scan on push in the background: counts in a notification, on the image row and on the Dockerfile FROM line', async () => {
    // An image built by docker from a Dockerfile in the workspace, in a folder named like the image.
    const repository = unique('0after-web');
    const folder = path.join(workspace(), repository);
    fs.mkdirSync(folder, { recursive: true });
    const dockerfile = path.join(folder, 'Dockerfile');
    fs.writeFileSync(path.join(folder, 'index.html'), `<h1>${randomBytes(16).toString('hex')}</h1>\n`);
    fs.writeFileSync(dockerfile, 'FROM scratch\nCOPY index.html /srv/index.html\nLABEL org.opencontainers.image.title="web"\n');
    await docker('build', '-t', `${repository}:1.0`, folder);

    await ecrControl().reset();
    const logStart = readPushLog().length;
    const pushed = await withSetting('followScanAfterPush', true, async () => {
      const result = await vscode.commands.executeCommand<{ imageUri: string; digest: string }>('ecrPush.pushImage', {
        imageName: `${repository}:1.0`,
        repositoryName: repository,
      });
      const host = stackInfo().registry.host;
      await eventually('the push notification', async () =>
        (await labels(driver, TOASTS)).find((l) =>
          l.startsWith(
            `Pushed ${host}/${repository}:1.0 (${result.digest}). ECR scans it on push; the findings follow when the scan ends.`,
          ),
        ),
      );
      return result;
    });
    assert.equal((await ecrControl().repositories()).find((r) => r.repositoryName === repository)?.scanOnPush, true);
    web = { repository, digest: pushed.digest, dockerfile };

    // The fake ECR answers IN_PROGRESS, then COMPLETE with its fixed findings: the follower reads until then.
    assert.match(await scanEnded(`${repository}:1.0`, logStart), new RegExp(`scan of ${repository}:1\\.0 finished: ${ALL_COUNTS}\\.`));
    await eventually('the scan notification', async () =>
      (await labels(driver, TOASTS)).find((l) => l.startsWith(`ECR: scan of ${repository}:1.0 finished: ${ALL_COUNTS}.`)),
    );
    const scanCalls = (await operations()).filter((o) => o === 'DescribeImageScanFindings').length;
    assert.ok(scanCalls >= 2, `the scan was read until it completed (${scanCalls} reads)`);

    const diagnostics = await eventually('the diagnostic on the FROM line', () => {
      const found = vscode.languages.getDiagnostics(vscode.Uri.file(dockerfile));
      return found.length ? found : undefined;
    });
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error, 'a CRITICAL finding makes it an error');
    assert.deepEqual(
      [diagnostics[0].range.start.line, diagnostics[0].range.start.character, diagnostics[0].range.end.character],
      [0, 5, 12],
      'the range is the base image of the FROM line',
    );
    assert.equal(
      diagnostics[0].message,
      `ECR scan of ${repository}:1.0: ${ALL_COUNTS} (6 findings; "Show Scan Findings" on the image lists them).`,
    );

    // The view reloaded the repository: its image row carries the counts.
    await expand(driver, REPOSITORY_ROWS, `${repository},`);
    const row = await eventually('the image row with the counts', async () =>
      (await labels(driver, REPOSITORY_ROWS)).find((l) => l.startsWith('1.0, ') && l.includes(pushed.digest.slice(7, 19))),
    );
    assert.ok(row.endsWith(` · ${ALL_COUNTS}`), row);
    await driver.screenshot('scan-on-push');

    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.window.showTextDocument(vscode.Uri.file(dockerfile));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await driver.waitFor('.markers-panel .monaco-list-row');
    await driver.screenshot('scan-dockerfile-diagnostic');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('Show Scan Findings lists every finding in a panel sorted worst first, sortable by column; the command resolves to status, counts and findings', async () => {
    assert.ok(web, 'the scan-on-push test ran first');
    const result = await vscode.commands.executeCommand<ScanResult>('ecrPush.repositories.scanFindings', {
      repositoryName: web.repository,
      imageTag: '1.0',
    });
    assert.equal(result.status, 'COMPLETE');
    assert.equal(result.imageDigest, web.digest);
    assert.deepEqual(result.counts, { CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 1, INFORMATIONAL: 1, UNDEFINED: 0 });
    assert.deepEqual(
      result.findings.map((f) => f.name),
      WORST_FIRST,
    );
    const byId = new Map(FIXED_FINDINGS.map((f) => [f.id, f]));
    for (const finding of result.findings) {
      const fixed = byId.get(finding.name);
      assert.ok(fixed, finding.name);
      assert.deepEqual(
        [finding.severity, finding.package, finding.version, finding.fixedIn, finding.uri],
        // Basic scans report no fixed-in version.
        [fixed.severity, fixed.package, fixed.version, undefined, `https://security-tracker.debian.org/tracker/${fixed.id}`],
      );
    }

    await vscode.commands.executeCommand('notifications.clearAll');
    const title = `Scan findings: ${web.repository}:1.0`;
    await eventually(
      'the findings panel',
      () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).some((tab) => tab.label === title) || undefined,
    );
    const names = () => driver.frameTexts('table tbody tr td:nth-child(2) > a');
    assert.deepEqual(
      await eventually('the rows in the panel', async () => ((await names()).length === 6 ? names() : undefined)),
      WORST_FIRST,
    );
    assert.deepEqual(await driver.frameTexts('table tbody tr td:nth-child(3)'), ['zlib', 'openssl', 'glibc', 'ncurses', 'apt', 'tar']);
    await driver.screenshot('scan-findings-basic');

    await driver.frameClick('th button[data-sort="package"]');
    const byPackage = ['CVE-2011-3374', 'CVE-2023-4911', 'CVE-2023-29491', 'CVE-2023-0464', 'CVE-2005-2541', 'CVE-2022-37434'];
    await eventually('the rows sorted by package', async () =>
      JSON.stringify(await names()) === JSON.stringify(byPackage) ? true : undefined,
    );
    await driver.frameClick('th button[data-sort="package"]');
    await eventually('the rows sorted by package, Z to A', async () =>
      JSON.stringify(await names()) === JSON.stringify([...byPackage].reverse()) ? true : undefined,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reads enhanced scanning (Amazon Inspector) findings, with fixed-in versions, once the scan is ACTIVE', async () => {
    const repository = await createRepository({ scanOnPush: true, prefix: '0after-inspector' });
    await ecrControl().planScan({ repository, states: ['PENDING', 'PENDING', 'ACTIVE'], enhanced: true });
    const { digest } = await pushNew(repository, '2.0');
    await vscode.commands.executeCommand('notifications.clearAll');
    const result = await vscode.commands.executeCommand<ScanResult>('ecrPush.repositories.scanFindings', {
      repositoryName: repository,
      imageDigest: digest,
      wait: true,
    });
    assert.equal(result.status, 'ACTIVE');
    assert.deepEqual(
      result.findings.map((f) => [f.name, f.fixedIn]),
      WORST_FIRST.map((id) => [id, FIXED_FINDINGS.find((f) => f.id === id)?.fixedIn]),
    );
    assert.ok(
      (await operations()).filter((o) => o === 'DescribeImageScanFindings').length >= 3,
      'the command waited through both PENDING answers',
    );
    // The panel shows Inspector's fixed-in versions.
    await eventually('the fixed-in column', async () =>
      (await driver.frameTexts('table tbody tr td:nth-child(5)')).includes('1:1.2.11.dfsg-2+deb11u2') ? true : undefined,
    );
    await vscode.commands.executeCommand('notifications.clearAll');
    await driver.screenshot('scan-findings');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Add Tag… (from the context menu) writes the tag in ECR without docker: the same digest in DescribeImages and in the registry', async () => {
    assert.ok(web, 'the scan-on-push test ran first');
    const { repository, digest } = web;
    const host = stackInfo().registry.host;
    await ecrControl().reset();
    await vscode.commands.executeCommand('ecrPush.repositories.focus');
    await expand(driver, REPOSITORY_ROWS, `${repository},`);
    const imageRow = `${REPOSITORY_ROWS}[aria-label^="1.0, ${digest.slice(7, 19)}"]`;
    await driver.waitFor(imageRow);
    await driver.click(imageRow, 'right');
    await driver.click('.monaco-menu .action-label:text-is("Add Tag…")');
    await eventually('the tag input', async () =>
      (await driver.text(`${QUICK_INPUT} .quick-input-title`))?.startsWith(`Add a tag to ${repository}:1.0`) ? true : undefined,
    );
    await driver.type('stable');
    await driver.screenshot('add-tag-input');
    await driver.press('Enter');
    await eventually('the tag notification', async () =>
      (await labels(driver, TOASTS)).find((l) => l.startsWith(`Added tag stable: ${host}/${repository}:stable (${digest})`)),
    );

    // An independent client and the registry itself agree: one image, two tags, the same digest.
    const described = (await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository }))).imageDetails ?? [];
    assert.equal(described.length, 1);
    assert.equal(described[0].imageDigest, digest);
    assert.deepEqual([...(described[0].imageTags ?? [])].sort(), ['1.0', 'stable']);
    assert.equal(await ecrControl().manifestDigest(repository, 'stable'), digest);
    assert.deepEqual(await ecrControl().registryTags(repository), ['1.0', 'stable']);
    const calls = await operations();
    assert.ok(calls.includes('BatchGetImage') && calls.includes('PutImage'), calls.join(', '));
    // No docker involved: nothing pulled, no local tag made.
    await assert.rejects(docker('image', 'inspect', `${host}/${repository}:stable`), /No such image/i);
    await eventually('the image row with both tags', async () =>
      (await labels(driver, REPOSITORY_ROWS)).some((l) => l.startsWith(`1.0, stable, ${digest.slice(7, 19)}`)) ? true : undefined,
    );

    const byDigest = await vscode.commands.executeCommand<{ imageUri: string; digest: string }>('ecrPush.repositories.addTag', {
      repositoryName: repository,
      imageDigest: digest,
      newTag: 'prod',
    });
    assert.deepEqual(byDigest, { imageUri: `${host}/${repository}:prod`, digest });
    assert.equal(await ecrControl().manifestDigest(repository, 'prod'), digest);
  });

  it('Pull Image brings a pushed image back, removed locally, with the same digest; Local Images shows it', async () => {
    const repository = await createRepository({ scanOnPush: false, prefix: '0after-pull' });
    const { local, digest } = await pushNew(repository, '1.0', 2 * 1000 * 1000);
    const host = stackInfo().registry.host;
    const remote = `${host}/${repository}:1.0`;
    await docker('rmi', local, remote);
    await assert.rejects(docker('image', 'inspect', remote), /No such image/i);

    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('ecrPush.localImages.focus');
    const pulled = await vscode.commands.executeCommand<{ localImage: string; digest?: string; imageId?: string }>(
      'ecrPush.repositories.pullImage',
      { repositoryName: repository, imageTag: '1.0' },
    );
    assert.equal(pulled.localImage, remote);
    assert.equal(pulled.digest, digest);
    const repoDigests = JSON.parse(await docker('image', 'inspect', '--format', '{{json .RepoDigests}}', remote)) as string[];
    assert.ok(repoDigests.includes(`${host}/${repository}@${digest}`), repoDigests.join(', '));
    assert.match(readPushLog(), new RegExp(`Pulled ${remote.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(${digest}\\)\\.`));

    // Local Images refreshed by itself: the pulled repository is there.
    await eventually('the pulled image in Local Images', async () =>
      (await labels(driver, LOCAL_ROWS)).some((l) => l.startsWith(`${host}/${repository}, `)) ? true : undefined,
    );
    await eventually('the pull notification', async () =>
      (await labels(driver, TOASTS)).find((l) => l.startsWith(`Pulled: ${remote} (${digest})`)),
    );
    await driver.screenshot('pull-image');

    // By digest too: the local image is named by it.
    await docker('rmi', remote);
    const byDigest = await vscode.commands.executeCommand<{ localImage: string; digest?: string }>('ecrPush.repositories.pullImage', {
      repositoryName: repository,
      imageDigest: digest,
    });
    assert.deepEqual([byDigest.localImage, byDigest.digest], [`${host}/${repository}@${digest}`, digest]);
    assert.match(await docker('image', 'inspect', '--format', '{{.Id}}', byDigest.localImage), /^sha256:/);
  });
});
