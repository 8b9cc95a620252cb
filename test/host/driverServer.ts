import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

/** A request from a suite inside the extension host to act on the page that shows it. */
export type DriverRequest =
  | { action: 'screenshot'; name: string }
  | { action: 'press'; key: string }
  | { action: 'type'; text: string }
  | { action: 'click'; selector: string }
  | { action: 'waitFor'; selector: string; timeoutMs?: number }
  | { action: 'text'; selector: string }
  | { action: 'attributes'; selector: string; attribute: string };

/** The outer runner's page driver, reachable from the extension host over loopback HTTP. */
export interface DriverServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The extension host runs on the server side and cannot reach the browser page that shows it;
 * this small loopback server lets an in-host suite ask the outer runner to screenshot the real
 * workbench or press keys as a person would (see driverClient.ts). Screenshots go to
 * `screenshotsDir/<name>.png`.
 */
export function startDriverServer(page: Page, screenshotsDir: string, log: (line: string) => void): Promise<DriverServer> {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      handle(page, screenshotsDir, JSON.parse(body || '{}') as DriverRequest, log)
        .then((result) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(result ?? {}));
        })
        .catch((error: unknown) => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
        });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** Saves a PNG of the whole page as `<dir>/<name>.png` and returns its path. */
export async function screenshot(page: Page, screenshotsDir: string, name: string): Promise<string> {
  const file = path.join(screenshotsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  fs.mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

async function handle(page: Page, screenshotsDir: string, request: DriverRequest, log: (line: string) => void): Promise<unknown> {
  switch (request.action) {
    case 'screenshot': {
      const file = await screenshot(page, screenshotsDir, request.name);
      log(`screenshot: ${file}`);
      return { path: file };
    }
    case 'press':
      return page.keyboard.press(request.key);
    case 'type':
      return page.keyboard.type(request.text);
    case 'click':
      return page.click(request.selector);
    case 'waitFor':
      await page.waitForSelector(request.selector, { timeout: request.timeoutMs ?? 30_000 });
      return {};
    case 'text':
      return { text: await page.textContent(request.selector) };
    case 'attributes': {
      const values = await page.locator(request.selector).evaluateAll(
        (elements, attribute) => elements.map((element) => element.getAttribute(attribute)),
        request.attribute,
      );
      return { values };
    }
    default:
      throw new Error(`unknown driver action ${JSON.stringify(request)}`);
  }
}
