import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

/** A request from a suite inside the extension host to act on the page that shows it. */
export type DriverRequest =
  | { action: 'screenshot'; name: string; selector?: string }
  | { action: 'press'; key: string }
  | { action: 'type'; text: string }
  | { action: 'click'; selector: string; button?: 'left' | 'right' }
  /** Text of every element matching `selector` in any frame (webviews live in nested iframes). */
  | { action: 'frameTexts'; selector: string }
  /** Clicks the first element matching `selector` in any frame. */
  | { action: 'frameClick'; selector: string }
  | { action: 'waitFor'; selector: string; timeoutMs?: number }
  | { action: 'text'; selector: string }
  | { action: 'inputValue'; selector: string }
  | { action: 'attributes'; selector: string; attribute: string }
  /** Everything the workbench keeps in the browser (IndexedDB, localStorage): VS Code's global and workspace state in code-server. */
  | { action: 'storage' }
  /** Whether the first element matching a selector is shown (present and not hidden). */
  | { action: 'visible'; selector: string }
  /** Moves the mouse over the first element matching a selector, then returns the text of the hover that opens. */
  | { action: 'hover'; selector: string; timeoutMs?: number }
  /** A second window of the same code-server (same user data), running `extensionTestsPath`; answers its exit code. */
  | { action: 'openWindow'; folder: string; extensionTestsPath: string; timeoutMs?: number };

/** Opens a second workbench window on the same server and resolves with the exit code its tests report. */
export type OpenWindow = (request: { folder: string; extensionTestsPath: string; timeoutMs: number }) => Promise<{ exitCode: number }>;

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
export function startDriverServer(
  page: Page,
  screenshotsDir: string,
  log: (line: string) => void,
  openWindow?: OpenWindow,
): Promise<DriverServer> {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      handle(page, screenshotsDir, JSON.parse(body || '{}') as DriverRequest, log, openWindow)
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

/**
 * Saves a PNG of the whole page as `<dir>/<name>.png`, or with `selector` of the area its visible
 * matches cover together (one view, or a picker's title and some of its rows); returns its path.
 */
export async function screenshot(page: Page, screenshotsDir: string, name: string, selector?: string): Promise<string> {
  const file = path.join(screenshotsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  fs.mkdirSync(screenshotsDir, { recursive: true });
  if (selector) {
    const boxes = await page
      .locator(selector)
      .evaluateAll((elements) =>
        elements.map((element) => element.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, right: r.right, bottom: r.bottom })),
      );
    const visible = boxes.filter((box) => box.right > box.x && box.bottom > box.y);
    if (visible.length === 0) throw new Error(`nothing visible matches ${selector}`);
    const x = Math.min(...visible.map((b) => b.x));
    const y = Math.min(...visible.map((b) => b.y));
    const clip = { x, y, width: Math.max(...visible.map((b) => b.right)) - x, height: Math.max(...visible.map((b) => b.bottom)) - y };
    await page.screenshot({ path: file, clip });
  } else {
    await page.screenshot({ path: file });
  }
  return file;
}

/**
 * Runs in the page (a string: this project compiles without DOM types): every localStorage entry and
 * every record of every IndexedDB database, one `db/store key=value` line each.
 */
const STORAGE_DUMP = `(async () => {
  const lines = [];
  const text = (value) => typeof value === 'string' ? value : value instanceof Uint8Array ? new TextDecoder().decode(value) : JSON.stringify(value);
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    lines.push('localStorage ' + key + '=' + localStorage.getItem(key));
  }
  const read = (request) => new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
  const databases = (await indexedDB.databases()).map((d) => d.name).filter(Boolean);
  for (const name of databases) {
    const db = await read(indexedDB.open(name));
    for (const store of Array.from(db.objectStoreNames)) {
      const objects = db.transaction(store, 'readonly').objectStore(store);
      const [keys, values] = await Promise.all([read(objects.getAllKeys()), read(objects.getAll())]);
      keys.forEach((key, index) => lines.push(name + '/' + store + ' ' + text(key) + '=' + text(values[index])));
    }
    db.close();
  }
  return { databases, text: lines.join('\\n') };
})()`;

async function handle(
  page: Page,
  screenshotsDir: string,
  request: DriverRequest,
  log: (line: string) => void,
  openWindow: OpenWindow | undefined,
): Promise<unknown> {
  switch (request.action) {
    case 'screenshot': {
      const file = await screenshot(page, screenshotsDir, request.name, request.selector);
      log(`screenshot: ${file}`);
      return { path: file };
    }
    case 'press':
      return page.keyboard.press(request.key);
    case 'type':
      return page.keyboard.type(request.text);
    case 'click':
      return page.click(request.selector, { button: request.button ?? 'left' });
    case 'frameTexts': {
      const texts: string[] = [];
      for (const frame of page.frames()) {
        texts.push(
          ...(await frame
            .locator(request.selector)
            .allTextContents()
            .catch(() => [])),
        );
      }
      return { texts };
    }
    case 'frameClick': {
      for (const frame of page.frames()) {
        const target = frame.locator(request.selector).first();
        if ((await target.count().catch(() => 0)) > 0) {
          await target.click();
          return {};
        }
      }
      throw new Error(`no frame has ${request.selector}`);
    }
    case 'waitFor':
      await page.waitForSelector(request.selector, { timeout: request.timeoutMs ?? 30_000 });
      return {};
    case 'text':
      return { text: await page.textContent(request.selector) };
    case 'inputValue':
      return { value: await page.inputValue(request.selector) };
    case 'attributes': {
      const values = await page
        .locator(request.selector)
        .evaluateAll((elements, attribute) => elements.map((element) => element.getAttribute(attribute)), request.attribute);
      return { values };
    }
    case 'storage':
      return page.evaluate(STORAGE_DUMP);
    case 'visible':
      return { visible: await page.locator(request.selector).first().isVisible() };
    case 'hover': {
      await page.hover(request.selector);
      // The workbench's own hover widget (tree tooltips): shown after the hover delay.
      const hover = page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
      await hover.waitFor({ state: 'visible', timeout: request.timeoutMs ?? 10_000 });
      const text = await hover.innerText();
      await page.mouse.move(0, 0);
      return { text };
    }
    case 'openWindow':
      if (!openWindow) throw new Error('this run offers no second window');
      return openWindow({
        folder: request.folder,
        extensionTestsPath: request.extensionTestsPath,
        timeoutMs: request.timeoutMs ?? 180_000,
      });
    default:
      throw new Error(`unknown driver action ${JSON.stringify(request)}`);
  }
}
