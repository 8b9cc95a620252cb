/**
 * The extension's MFA input box ("ECR: MFA code") in the real workbench: seen, answered and counted
 * through the page driver, as a person would type the code from their device.
 */
import type { PageDriver } from '../../host/driverClient';
import { ecrControl } from './stack';
import { QUICK_INPUT } from './workbench';

/** The title of the MFA input box while it is shown. */
export const MFA_PROMPT = `${QUICK_INPUT} .quick-input-title:has-text("ECR: MFA code")`;

async function assumeRoleCalls(): Promise<number> {
  return (await ecrControl().stsCalls()).filter((call) => call.action === 'AssumeRole').length;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Watches for MFA prompts until stopped, types `code` into each one it sees and counts them. A push
 * that asks again (credentials not reused) is answered too, so it ends and the count tells.
 */
export function answerMfaPrompts(driver: PageDriver, code: string): { count(): number; stop(): Promise<number> } {
  let prompts = 0;
  let stopped = false;
  const watching = (async () => {
    while (!stopped) {
      if (!(await driver.visible(MFA_PROMPT))) {
        await pause(100);
        continue;
      }
      prompts++;
      const before = await assumeRoleCalls();
      await driver.type(code);
      await driver.press('Enter');
      // Answered once the box has gone or STS got the code; a box still shown after that is the next prompt.
      while (!stopped && (await driver.visible(MFA_PROMPT)) && (await assumeRoleCalls()) === before) {
        await pause(50);
      }
    }
  })();
  return {
    count: () => prompts,
    stop: async () => {
      stopped = true;
      await watching;
      return prompts;
    },
  };
}
