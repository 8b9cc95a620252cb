import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline, headless Chromium as root in a container. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches headless Chromium with a fresh temporary profile (playwright's default for launch()). */
export function launchBrowser(): Promise<Browser> {
  // Signals are ours to handle (cleanup.ts): Playwright's own SIGINT handler would end the
  // process before code-server and the stack are stopped.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** What the page says, sorted by where it came from. */
export interface PageListener {
  /** A console line the extension host forwarded to the workbench (mocha's reporter lands here). */
  extensionHost?: (text: string, type: string) => void;
  /** Any other console message of the workbench itself. */
  workbench?: (text: string, type: string) => void;
  /** An uncaught error or a crash of the page. */
  error?: (text: string) => void;
}

const EXTENSION_HOST_PREFIX = /^%c\[Extension Host\] %c?/;

/** Opens a page sized like a laptop screen and routes its console to `listener`. */
export async function openPage(browser: Browser, listener: PageListener): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (message) => {
    const text = message.text();
    if (EXTENSION_HOST_PREFIX.test(text) || text.startsWith('[Extension Host]')) {
      // The workbench logs the host's lines as "%c[Extension Host] %c<text> color: …"; keep <text>.
      listener.extensionHost?.(stripConsoleStyles(text), message.type());
    } else {
      listener.workbench?.(text, message.type());
    }
  });
  page.on('pageerror', (error) => listener.error?.(`page error: ${error.message}`));
  page.on('crash', () => listener.error?.('the page crashed'));
  return page;
}

/** Removes `%c` markers and their trailing CSS arguments from a console line. */
function stripConsoleStyles(text: string): string {
  return text
    .replace(EXTENSION_HOST_PREFIX, '')
    .replace(/^\[Extension Host\] /, '')
    .replace(/ color: [^\n]*$/, '')
    .replace(/%c/g, '');
}
