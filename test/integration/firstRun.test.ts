/**
 * A new user's first minutes (issue 15), in the first-run host of test/runIntegration
 * (ECR_PUSH_FIRST_RUN=1): a fresh VS Code profile, an engine and ECR API that hold nothing yet. The
 * "Get started with ECR Push" walkthrough opens by itself on the extension's first start, and each of
 * its four steps is walked as a person would, through its own button on the real page, until VS Code
 * checks it off. Every step is screenshotted (test-results/screenshots/walkthrough-*.png), and so are
 * the parts of the workbench the walkthrough shows as its images (walkthrough-media-*.png, committed as
 * media/walkthrough/*.png).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { PageDriver } from '../host/driverClient';
import { createImage, docker, eventually } from './support/stack';
import { LOCAL_IMAGE_ROWS, QUICK_INPUT, QUICK_INPUT_ROWS, REPOSITORY_ROWS, requireDriver, TOASTS } from './support/workbench';

const EXTENSION_ID = 'ecr-push.ecr-push';
const WALKTHROUGH = `${EXTENSION_ID}#ecrPush.getStarted`;
const STEPS = ['docker', 'identity', 'push', 'repositories'] as const;
type Step = (typeof STEPS)[number];
const PAGE = '.gettingStartedSlideDetails';
/** Sample images with the names a person might use; the engine of this run starts empty. */
const DEMO = 'ecr-push-demo';

const stepId = (step: Step): string => `${WALKTHROUGH}#${step}`;
const pane = (view: string): string => `.pane:has(.monaco-list[aria-label="${view}"])`;

/** Whether VS Code shows the step as done (its checkbox). */
async function stepDone(driver: PageDriver, step: Step): Promise<boolean> {
  return (await driver.attributes(`[data-done-step-id="${stepId(step)}"]`, 'aria-checked'))[0] === 'true';
}

async function stepsDone(driver: PageDriver): Promise<Step[]> {
  const done: Step[] = [];
  for (const step of STEPS) if (await stepDone(driver, step)) done.push(step);
  return done;
}

/** Opens a step (a click on its title), as a person does to read it and see its buttons. */
async function openStep(driver: PageDriver, step: Step): Promise<void> {
  const button = `button.getting-started-step[data-step-id="${stepId(step)}"]`;
  const expanded = async (): Promise<boolean> => (await driver.attributes(button, 'aria-expanded'))[0] === 'true';
  // The page opens with its first step expanded, and a click on an open step closes it.
  if (!(await expanded())) {
    await driver.click(button);
  }
  await eventually(`step ${step} open`, async () => ((await expanded()) ? true : undefined));
}

async function clickStepButton(driver: PageDriver, step: Step, label: string): Promise<void> {
  await driver.click(`[x-step-description-for="${stepId(step)}"] .monaco-button:has-text("${label}")`);
}

async function waitDone(driver: PageDriver, step: Step, timeoutMs?: number): Promise<void> {
  await eventually(`VS Code to check off step "${step}"`, async () => ((await stepDone(driver, step)) ? true : undefined), timeoutMs);
}

const quickInputTitle = (driver: PageDriver): Promise<string | null> => driver.text(`${QUICK_INPUT} .quick-input-title`);

/**
 * Clicks into the quick input whose title holds `step` and presses Enter, until that step has gone. An
 * Enter that lands while the input is settling or has lost the focus (a loaded machine) is lost, so it is
 * pressed again, as a person would; a step that never accepts still fails.
 */
async function acceptQuickInput(driver: PageDriver, step: string, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    // The walkthrough page re-renders as its steps complete and can take the focus: click into the box first.
    await driver.click(`${QUICK_INPUT} .quick-input-box input`);
    await driver.press('Enter');
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      // The widget is hidden (display: none) once the last step is accepted; its title text stays.
      const hidden = (await driver.attributes(QUICK_INPUT, 'style'))[0]?.includes('display: none') ?? true;
      if (hidden || !(await quickInputTitle(driver))?.includes(step)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (attempt >= attempts) throw new Error(`the quick input "${step}" did not accept Enter after ${attempts} tries`);
  }
}

/**
 * Escape closes an open quick input; on the walkthrough page it would go back to the Welcome page
 * instead, so it is pressed only while a quick input shows.
 */
async function closeQuickInput(driver: PageDriver): Promise<void> {
  const style = (await driver.attributes(QUICK_INPUT, 'style'))[0];
  if (style !== undefined && style !== null && !style.includes('display: none')) await driver.press('Escape');
}

/** Runs `attempt` again (after closing a quick input) when it fails, up to `attempts` times; the last failure is thrown. */
async function tryAgain(attempts: number, attempt: () => Promise<void>): Promise<void> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (tried >= attempts) throw error;
      await closeQuickInput(requireDriver());
    }
  }
}

/** Back to the walkthrough tab after a button moved the focus elsewhere. */
async function showWalkthrough(driver: PageDriver): Promise<void> {
  await vscode.commands.executeCommand('ecrPush.getStarted');
  await driver.waitFor(`${PAGE} h2.category-title`);
}

// Registered only in the first-run host, so the main run neither runs nor skips it.
if (process.env.ECR_PUSH_FIRST_RUN === '1') {
  describe('first run: Get started with ECR Push in a fresh VS Code', () => {
    let driver: PageDriver;

    before(async () => {
      driver = requireDriver();
      // Profiles of the kinds people have, for the profile picker; this host's AWS files are its own.
      const configFile = process.env.AWS_CONFIG_FILE;
      assert.ok(configFile && configFile.includes('aws-first-run'), `this host has AWS files of its own: ${configFile}`);
      fs.writeFileSync(
        configFile,
        [
          '[profile dev]',
          'sso_session = acme',
          'sso_account_id = 123456789012',
          'sso_role_name = Developer',
          'region = us-east-1',
          '',
          '[sso-session acme]',
          'sso_start_url = https://acme.awsapps.com/start',
          'sso_region = us-east-1',
          '',
          '[profile prod]',
          'role_arn = arn:aws:iam::210987654321:role/Deployer',
          'source_profile = dev',
          'region = us-east-1',
          '',
        ].join('\n'),
      );
      await createImage(`${DEMO}/web:1.4.0`, 3 * 1000 * 1000, 2);
      await docker('tag', `${DEMO}/web:1.4.0`, `${DEMO}/web:latest`);
      await createImage(`${DEMO}/api:2.0.1`, 1500 * 1000);
      await createImage(`${DEMO}/worker:0.9`, 800 * 1000);
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed') {
        await driver.screenshot(`walkthrough-failed-${this.currentTest.title.slice(0, 24).replace(/[^a-z0-9]+/gi, '-')}`);
      }
    });

    it('opens the walkthrough by itself on the extension’s first start, every step still to do', async () => {
      // Set, not just the default: the setting is machine-scoped, so the runner writes it where a remote window reads it.
      assert.equal(vscode.workspace.getConfiguration('workbench.welcomePage').inspect('walkthroughs.openOnInstall')?.globalValue, true);
      assert.deepEqual(await driver.attributes(`${PAGE} h2.category-title`, 'class'), [], 'no walkthrough before the extension starts');
      await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
      const title = await eventually('the walkthrough page', () => driver.text(`${PAGE} h2.category-title`).then((t) => t ?? undefined));
      assert.equal(title.trim(), 'Get started with ECR Push');
      const steps = await driver.attributes(`${PAGE} button.getting-started-step`, 'data-step-id');
      assert.deepEqual(steps, STEPS.map(stepId));
      assert.deepEqual(await stepsDone(driver), []);
      await driver.screenshot('walkthrough-opened-on-first-run');
    });

    it('step 1: "Open Local Images" shows the images docker lists, and the step is done', async () => {
      await openStep(driver, 'docker');
      await clickStepButton(driver, 'docker', 'Open Local Images');
      await eventually('our images in Local Images', async () =>
        (await driver.attributes(LOCAL_IMAGE_ROWS, 'aria-label')).some((label) => label?.startsWith(`${DEMO}/web,`)) ? true : undefined,
      );
      await waitDone(driver, 'docker');
      assert.deepEqual(await stepsDone(driver), ['docker']);
      await driver.screenshot('walkthrough-1-docker');
    });

    it('step 2: "Select AWS Profile" lists the profiles; "Check AWS Credentials" resolves them, and the step is done', async () => {
      await showWalkthrough(driver);
      await openStep(driver, 'identity');
      // A quick pick closes when the focus leaves it, and the walkthrough page may take the focus as it re-renders.
      await tryAgain(3, async () => {
        await clickStepButton(driver, 'identity', 'Select AWS Profile');
        await eventually('the profiles in the picker', async () => {
          const labels = await driver.attributes(QUICK_INPUT_ROWS, 'aria-label');
          return labels.some((l) => l?.includes('dev')) && labels.some((l) => l?.includes('prod')) ? true : undefined;
        });
        // The picker down to the profiles: its last row names this run's temporary config file.
        await driver.screenshot(
          'walkthrough-media-identity',
          `${QUICK_INPUT} .quick-input-titlebar, ${QUICK_INPUT} .quick-input-header, ${QUICK_INPUT_ROWS}:not(:has-text("Open the AWS config file"))`,
        );
      });
      await closeQuickInput(driver);
      await showWalkthrough(driver);
      await openStep(driver, 'identity');
      assert.equal(await stepDone(driver, 'identity'), false, 'looking at profiles resolves nothing');

      await clickStepButton(driver, 'identity', 'Check AWS Credentials');
      const message = await eventually('the credentials notification', async () =>
        (await driver.attributes(TOASTS, 'aria-label')).find((l): l is string => !!l?.includes('AWS credentials resolve from')),
      );
      assert.match(message, /AWS credentials resolve from the default AWS credential chain: access key \S+/);
      await waitDone(driver, 'identity');
      await vscode.commands.executeCommand('notifications.clearAll');
      await driver.screenshot('walkthrough-2-identity');
    });

    it('step 3: "Push Image" pushes the picked image, and the step is done', async () => {
      await showWalkthrough(driver);
      await openStep(driver, 'push');
      assert.equal(await stepDone(driver, 'push'), false);
      await clickStepButton(driver, 'push', 'Push Image');
      await eventually('the image picker', async () => ((await quickInputTitle(driver))?.includes('ECR: Push Image') ? true : undefined));
      // Enter takes the focused row: type the filter until our image is that row (a keystroke can be lost).
      for (let attempt = 1; ; attempt++) {
        await driver.click(`${QUICK_INPUT} .quick-input-box input`);
        await driver.press('Control+A');
        await driver.type(`${DEMO}/web:1.4.0`);
        const focused = async () =>
          (await driver.attributes(`${QUICK_INPUT_ROWS}.focused`, 'aria-label')).some((l) => l?.includes(`${DEMO}/web:1.4.0`));
        const deadline = Date.now() + 5_000;
        while (!(await focused()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        if (await focused()) break;
        if (attempt >= 3) assert.fail(`${DEMO}/web:1.4.0 is not the focused row of the image picker after 3 tries`);
      }
      await acceptQuickInput(driver, 'ECR: Push Image');
      await eventually('the repository input', async () => ((await quickInputTitle(driver))?.includes('repository') ? true : undefined));
      await acceptQuickInput(driver, 'repository');
      await eventually('the tags input', async () => ((await quickInputTitle(driver))?.includes('tags') ? true : undefined));
      await acceptQuickInput(driver, 'tags');
      await eventually(
        'the success notification',
        async () =>
          (await driver.attributes(TOASTS, 'aria-label')).find((l) => l?.startsWith('Pushed ') && l.includes(`/${DEMO}/web:1.4.0`)),
        120_000,
      );
      await driver.waitFor('.notification-toast.notification-fade-in-done');
      await driver.screenshot('walkthrough-media-push', '.notifications-toasts');
      await waitDone(driver, 'push');
      await driver.screenshot('walkthrough-3-push');
      await vscode.commands.executeCommand('notifications.clearAll');
    });

    it('step 4: "Show Last Pushed Image" reveals it in ECR Repositories, and every step is done', async () => {
      await showWalkthrough(driver);
      await openStep(driver, 'repositories');
      assert.equal(await stepDone(driver, 'repositories'), false);
      await clickStepButton(driver, 'repositories', 'Show Last Pushed Image');
      await eventually('the pushed image selected in ECR Repositories', async () => {
        const selected = await driver.attributes(`${REPOSITORY_ROWS}.selected`, 'aria-label');
        return selected.some((l) => l?.startsWith('1.4.0, ')) ? true : undefined;
      });
      await waitDone(driver, 'repositories');
      await driver.screenshot('walkthrough-media-repositories', pane('ECR Repositories'));

      // The Local Images picture: the pushed image with its "pushed as" tag under it.
      await driver.click(`${LOCAL_IMAGE_ROWS}[aria-label="${DEMO}/web, 2 tags"]`);
      const tagRow = await eventually('the 1.4.0 row', async () =>
        (await driver.attributes(LOCAL_IMAGE_ROWS, 'aria-label')).find((l) => l?.startsWith(`${DEMO}/web:1.4.0, `)),
      );
      await driver.click(`${LOCAL_IMAGE_ROWS}[aria-label="${tagRow}"]`);
      await eventually('the pushed-as row', async () =>
        (await driver.attributes(LOCAL_IMAGE_ROWS, 'aria-label')).some((l) => l?.startsWith(`${DEMO}/web:1.4.0 pushed as `))
          ? true
          : undefined,
      );
      await driver.screenshot('walkthrough-media-docker', pane('Local Images'));

      await showWalkthrough(driver);
      assert.deepEqual(await stepsDone(driver), [...STEPS]);
      await driver.screenshot('walkthrough-4-repositories');
    });
  });
}
