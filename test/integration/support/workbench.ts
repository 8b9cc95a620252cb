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
