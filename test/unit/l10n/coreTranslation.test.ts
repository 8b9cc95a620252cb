/**
 * The core translates through @vscode/l10n with the bundle activation hands it (src/extension.ts). These
 * check that its sentences are read at use, not frozen at module load (which runs before activation),
 * and that placeholders are filled in the translated sentence.
 */
import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { MfaCancelledError, SsoSessionExpiredError } from '../../../src/credentials/credentialErrors';
import { explainError } from '../../../src/push/explainError';
import { PUSH_STEP_TITLES } from '../../../src/push/pushPorts';
import { validateRegion } from '../../../src/push/validation';

describe('core messages follow the bundle handed to @vscode/l10n', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('reads English without a bundle, and the bundle’s words (placeholders filled) once one is configured', () => {
    assert.equal(PUSH_STEP_TITLES.checkImage, 'Checking image');
    assert.equal(explainError(new MfaCancelledError()).message, 'The MFA code was not entered.');

    l10n.config({
      contents: {
        'Checking image': 'Image wird geprüft',
        'The MFA code was not entered.': 'Der MFA-Code wurde nicht eingegeben.',
        'SSO session expired for profile {0}': 'SSO-Sitzung für Profil {0} abgelaufen',
        'Enter an AWS region, e.g. us-east-1.': 'Geben Sie eine AWS-Region ein, z. B. us-east-1.',
      },
    });
    assert.equal(PUSH_STEP_TITLES.checkImage, 'Image wird geprüft');
    assert.equal(explainError(new MfaCancelledError()).message, 'Der MFA-Code wurde nicht eingegeben.');
    assert.equal(explainError(new SsoSessionExpiredError('dev')).headline, 'SSO-Sitzung für Profil dev abgelaufen');
    assert.equal(validateRegion(''), 'Geben Sie eine AWS-Region ein, z. B. us-east-1.');
    // A message the bundle lacks stays English.
    assert.equal(PUSH_STEP_TITLES.verify, 'Verifying');
  });
});
