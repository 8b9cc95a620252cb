/**
 * Every user-facing string that package.json contributes is a `%key%` resolved by package.nls.json, so the
 * manifest can be translated like the extension's messages (package.nls.<locale>.json beside it). The walk
 * goes by key name, not by contribution point, so a contribution added later (walkthroughs, task
 * definitions, submenus) is checked without editing this test.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../fakeCli/paths';

/** Keys whose string (or array of strings) VS Code shows to people. */
const LOCALISABLE_KEYS = new Set([
  'displayName',
  'title',
  'shortTitle',
  'category',
  'label',
  'description',
  'markdownDescription',
  'contextualTitle',
  'altText',
  'contents',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'enumItemLabels',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'patternErrorMessage',
]);
const NLS_REFERENCE = /^%([^%]+)%$/;

interface ManifestString {
  /** Where the string sits, e.g. `contributes.commands[0].title`. */
  readonly at: string;
  readonly value: string;
}

/** The strings under localisable keys; `name` counts inside `views`, where it is a view's title. */
function userFacingStrings(node: unknown, at: string, underKey: string | undefined, inViews: boolean): ManifestString[] {
  if (typeof node === 'string') {
    return underKey !== undefined && (LOCALISABLE_KEYS.has(underKey) || (inViews && underKey === 'name')) ? [{ at, value: node }] : [];
  }
  if (Array.isArray(node)) {
    return node.flatMap((item, index) => userFacingStrings(item, `${at}[${index}]`, underKey, inViews));
  }
  if (node !== null && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) =>
      userFacingStrings(value, `${at}.${key}`, key, inViews || (at === 'contributes' && key === 'views')),
    );
  }
  return [];
}

/** The user-facing strings of a manifest: its own name and description, its capabilities and contributions. */
function manifestStrings(manifest: Record<string, unknown>): ManifestString[] {
  const top = ['displayName', 'description'].flatMap((key) => userFacingStrings(manifest[key], key, key, false));
  return [
    ...top,
    ...userFacingStrings(manifest.capabilities, 'capabilities', undefined, false),
    ...userFacingStrings(manifest.contributes, 'contributes', undefined, false),
  ];
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(repoRoot(), file), 'utf8')) as Record<string, unknown>;
}

describe('package.json strings are localisable through package.nls.json', () => {
  const strings = manifestStrings(readJson('package.json'));
  const nls = readJson('package.nls.json');

  it('finds the contributed strings (the walk reaches commands, views, settings and welcome content)', () => {
    const places = strings.map((s) => s.at);
    for (const expected of [
      'displayName',
      'contributes.commands[0].title',
      'contributes.views.ecrPush[0].name',
      'contributes.viewsWelcome[0].contents',
      'contributes.configuration.properties.ecrPush.region.markdownDescription',
    ]) {
      assert.ok(places.includes(expected), `${expected} not among ${places.length} strings`);
    }
  });

  it('holds no literal title, description or other user-facing text, only %key% references', () => {
    const literals = strings.filter((s) => !NLS_REFERENCE.test(s.value)).map((s) => `${s.at}: ${JSON.stringify(s.value)}`);
    assert.deepEqual(literals, [], 'move these into package.nls.json and reference them as "%key%"');
  });

  it('resolves every %key% in package.nls.json to a non-empty string', () => {
    const missing = strings
      .map((s) => ({ at: s.at, key: NLS_REFERENCE.exec(s.value)?.[1] }))
      .filter((s) => s.key !== undefined && !(typeof nls[s.key] === 'string' && (nls[s.key] as string).trim() !== ''))
      .map((s) => `${s.at}: %${s.key}%`);
    assert.deepEqual(missing, []);
  });

  it('has no unused key in package.nls.json', () => {
    const used = new Set(strings.map((s) => NLS_REFERENCE.exec(s.value)?.[1]));
    assert.deepEqual(
      Object.keys(nls).filter((key) => !used.has(key)),
      [],
    );
  });
});
