import * as fs from 'node:fs';

/**
 * The README's install steps, read from the README itself so the packaged tier runs exactly what a
 * user is told to run. The block is the fenced code block that follows the line
 * `<!-- install-steps -->` in README.md; each non-empty line is one command, split on spaces (the
 * block holds no quoting).
 */
export const INSTALL_STEPS_MARKER = '<!-- install-steps -->';

/** One README command line, and how the tier runs it. */
export interface InstallStep {
  /** The line as the README shows it. */
  readonly line: string;
  readonly argv: readonly string[];
  /**
   * `npm`: run as written, in the repository. `vscodeCli`: VS Code's `code` launcher; the tier has no
   * desktop VS Code, so it gives the same arguments to code-server's CLI, which takes the same flags.
   */
  readonly runner: 'npm' | 'vscodeCli';
}

/** Parses the install block of `readmeText`; throws naming what is wrong, so a broken README fails the tier. */
export function parseInstallSteps(readmeText: string): InstallStep[] {
  const lines = readmeText.split(/\r?\n/);
  const marker = lines.findIndex((line) => line.trim() === INSTALL_STEPS_MARKER);
  if (marker < 0) throw new Error(`README.md has no ${INSTALL_STEPS_MARKER} line before its install commands`);
  const open = lines.findIndex((line, index) => index > marker && line.trim().startsWith('```'));
  const close = lines.findIndex((line, index) => index > open && line.trim() === '```');
  if (open !== marker + 1 || close < 0) throw new Error(`README.md: the line after ${INSTALL_STEPS_MARKER} must open a code block`);
  const steps = lines
    .slice(open + 1, close)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line): InstallStep => {
      const argv = line.split(/\s+/);
      if (argv[0] === 'npm') return { line, argv, runner: 'npm' };
      if (argv[0] === 'code') return { line, argv, runner: 'vscodeCli' };
      throw new Error(`README.md install step "${line}": the packaged tier runs npm and code lines only`);
    });
  if (steps.length === 0) throw new Error('README.md: the install block is empty');
  return steps;
}

export function readInstallSteps(readmeFile: string): InstallStep[] {
  return parseInstallSteps(fs.readFileSync(readmeFile, 'utf8'));
}
