/**
 * The real workbench page as the suites read it: the page driver and the selectors of what a person
 * sees (the views' rows, the quick input, notification toasts), matched by their accessible labels.
 */
import { PageDriver } from '../../host/driverClient';

export const QUICK_INPUT = '.quick-input-widget';
export const QUICK_INPUT_ROWS = `${QUICK_INPUT} .monaco-list-row`;
export const TOASTS = '.notifications-toasts .monaco-list-row';
export const LOCAL_IMAGE_ROWS = '.monaco-list[aria-label="Local Images"] .monaco-list-row';
export const REPOSITORY_ROWS = '.monaco-list[aria-label="ECR Repositories"] .monaco-list-row';

/** The driver of this run; throws (so the test fails, never skips) when the runner offers none. */
export function requireDriver(): PageDriver {
  const driver = PageDriver.fromEnv();
  if (!driver) {
    throw new Error('No page driver: these checks read the real workbench and need the code-server runner (npm test).');
  }
  return driver;
}

/**
 * Opens the command palette and types `>label` until a row with that label shows, then moves the focus
 * down to that row, so Enter runs it: the palette sorts matches by name, and another title can match the
 * same words ("ECR: Build and Push Image…" matches "ECR: Push Image"). A keystroke that lands before the
 * quick input has focus (a toast or view taking it on a loaded machine) is lost, so typing is retried
 * over what is there, as a person would; a command missing from the palette still fails.
 */
export async function findInCommandPalette(driver: PageDriver, label: string, attempts = 3): Promise<void> {
  const isLabel = (l: string | null) => l === label || l?.startsWith(`${label},`) === true;
  const shows = async () => (await driver.attributes(QUICK_INPUT_ROWS, 'aria-label')).some(isLabel);
  for (let attempt = 1; ; attempt++) {
    await driver.press('Escape');
    await driver.press('F1');
    await driver.waitFor(`${QUICK_INPUT} input`);
    await driver.press('Control+A');
    await driver.type(`>${label}`);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await shows()) {
        await focusRow(driver, isLabel);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (attempt >= attempts) {
      throw new Error(`"${label}" did not show in the command palette after ${attempts} tries`);
    }
  }
}

/** Presses Down until the quick input's focused row is the one `isLabel` accepts (at most once per row). */
async function focusRow(driver: PageDriver, isLabel: (ariaLabel: string | null) => boolean): Promise<void> {
  const rows = (await driver.attributes(QUICK_INPUT_ROWS, 'aria-label')).length;
  for (let step = 0; step <= rows; step++) {
    const focused = await driver.attributes(`${QUICK_INPUT_ROWS}.focused`, 'aria-label');
    if (focused.some(isLabel)) {
      return;
    }
    await driver.press('ArrowDown');
  }
  throw new Error('The row did not take the focus in the quick input');
}
