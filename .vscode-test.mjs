// Desktop test configuration, in the shape @vscode/test-cli reads (a plain array, so it needs no
// import). `npm run test:desktop` (test/runDesktop.ts) takes the version, workspace and launch
// arguments from here and runs the same in-host entry and suites as the code-server runner.
export default [
  {
    label: 'integration',
    files: 'out/test/integration/**/*.test.js',
    version: '1.100.3',
    extensionDevelopmentPath: '.',
    // --force-disable-user-env: the extension host keeps the runner's environment (PATH with the stack's
    // stand-in credential helpers) instead of a login shell's.
    launchArgs: ['--disable-extensions', '--skip-welcome', '--skip-release-notes', '--force-disable-user-env'],
    mocha: { ui: 'bdd', timeout: 180000, color: true },
  },
];
