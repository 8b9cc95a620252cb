import { DRIVER_URL_ENV } from './hostEnv';
import type { DriverRequest } from './driverServer';

/**
 * For suites inside the extension host: drive the page that shows this workbench (screenshot,
 * keys, clicks) through the outer runner. Only the code-server runner offers it; under
 * @vscode/test-electron {@link PageDriver.fromEnv} returns undefined.
 */
export class PageDriver {
  constructor(private readonly baseUrl: string) {}

  /** The driver of this run, or undefined when the runner has none. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): PageDriver | undefined {
    const url = env[DRIVER_URL_ENV];
    return url ? new PageDriver(url) : undefined;
  }

  /**
   * Saves test-results/screenshots/<name>.png of the real workbench, or of the area the visible elements
   * matching `selector` cover (a view, a notification, a picker's title and some rows); returns its path.
   */
  async screenshot(name: string, selector?: string): Promise<string> {
    return ((await this.send({ action: 'screenshot', name, selector })) as { path: string }).path;
  }

  /** Presses a key or chord as Playwright names it, e.g. 'F1', 'Enter', 'Control+Shift+P'. */
  async press(key: string): Promise<void> {
    await this.send({ action: 'press', key });
  }

  /** Types text into whatever has focus. */
  async type(text: string): Promise<void> {
    await this.send({ action: 'type', text });
  }

  /** Clicks the first element matching a Playwright selector (`right` opens its context menu). */
  async click(selector: string, button: 'left' | 'right' = 'left'): Promise<void> {
    await this.send({ action: 'click', selector, button });
  }

  /** The text of every element matching `selector` in any frame of the page (a webview's content too). */
  async frameTexts(selector: string): Promise<string[]> {
    return ((await this.send({ action: 'frameTexts', selector })) as { texts: string[] }).texts;
  }

  /** Clicks the first element matching `selector` in any frame (e.g. a button in a webview). */
  async frameClick(selector: string): Promise<void> {
    await this.send({ action: 'frameClick', selector });
  }

  /** Waits until a selector matches (default 30 s). */
  async waitFor(selector: string, timeoutMs?: number): Promise<void> {
    await this.send({ action: 'waitFor', selector, timeoutMs });
  }

  /** What an input field holds now (a masked password box too), as the page would submit it. */
  async inputValue(selector: string): Promise<string> {
    return ((await this.send({ action: 'inputValue', selector })) as { value: string }).value;
  }

  /** The text content of the first element matching a selector. */
  async text(selector: string): Promise<string | null> {
    return ((await this.send({ action: 'text', selector })) as { text: string | null }).text;
  }

  /** The value of `attribute` on every element matching a selector, in document order (null where absent). */
  async attributes(selector: string, attribute: string): Promise<Array<string | null>> {
    return ((await this.send({ action: 'attributes', selector, attribute })) as { values: Array<string | null> }).values;
  }

  /** The workbench's browser-side storage (IndexedDB databases and localStorage) as text: global and workspace state in code-server. */
  async storage(): Promise<{ databases: string[]; text: string }> {
    return (await this.send({ action: 'storage' })) as { databases: string[]; text: string };
  }

  /** Whether the first element matching a selector is shown. */
  async visible(selector: string): Promise<boolean> {
    return ((await this.send({ action: 'visible', selector })) as { visible: boolean }).visible;
  }

  /** Hovers over the first element matching a selector and returns the text of the hover (a tree item's tooltip). */
  async hover(selector: string, timeoutMs?: number): Promise<string> {
    return ((await this.send({ action: 'hover', selector, timeoutMs })) as { text: string }).text;
  }

  /**
   * Opens a second window of this code-server (the same user data, so the same global storage) on
   * `folder`, whose extension host runs the `run()` of `extensionTestsPath`; resolves with the exit code
   * it reports once that run ends (0 = resolved). The window closes afterwards.
   */
  async openWindow(folder: string, extensionTestsPath: string, timeoutMs?: number): Promise<{ exitCode: number }> {
    return (await this.send({ action: 'openWindow', folder, extensionTestsPath, timeoutMs })) as { exitCode: number };
  }

  private async send(request: DriverRequest): Promise<unknown> {
    const response = await fetch(this.baseUrl, {
      method: 'POST',
      body: JSON.stringify(request),
      headers: { 'content-type': 'application/json' },
    });
    const body = (await response.json()) as { error?: string };
    if (!response.ok) throw new Error(`page driver ${request.action} failed: ${body.error ?? response.status}`);
    return body;
  }
}
