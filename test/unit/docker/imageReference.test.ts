import * as assert from 'assert';
import { parseImageReference, repositoryWithoutRegistry } from '../../../src/docker/imageReference';

const DIGEST = 'sha256:2715632c2831d306558654af1a169c38e49a9a79d1d582ccfd4ecfd6b46f3c73';

describe('parseImageReference', () => {
  const valid: Array<[string, object]> = [
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.25-alpine', { repository: 'nginx', tag: '1.25-alpine' }],
    ['acme/api', { repository: 'acme/api' }],
    ['ghcr.io/acme/api:1', { registry: 'ghcr.io', repository: 'acme/api', tag: '1' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/a/b', { registry: 'localhost:5000', repository: 'a/b' }],
    ['127.0.0.1:5055/team/multi:1.0', { registry: '127.0.0.1:5055', repository: 'team/multi', tag: '1.0' }],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app:v1.2.3',
      { registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com', repository: 'my-app', tag: 'v1.2.3' },
    ],
    [`acme/api@${DIGEST}`, { repository: 'acme/api', digest: DIGEST }],
    [`ghcr.io/acme/api:1@${DIGEST}`, { registry: 'ghcr.io', repository: 'acme/api', tag: '1', digest: DIGEST }],
    ['a__b-c--d/e.f_g:TAG_1.x', { repository: 'a__b-c--d/e.f_g', tag: 'TAG_1.x' }],
    ['my_app/sub.dir/x-y', { repository: 'my_app/sub.dir/x-y' }],
    ['Registry/app', { registry: 'Registry', repository: 'app' }], // upper case marks a host, as in docker
    ['[::1]:5000/app', { registry: '[::1]:5000', repository: 'app' }],
  ];
  for (const [text, expected] of valid) {
    it(`parses ${text}`, () => assert.deepStrictEqual(parseImageReference(text), expected));
  }

  const invalid = [
    '',
    ' nginx',
    'Nginx',
    'acme/API',
    'acme//api',
    'acme/api:',
    'acme/api:-x',
    'acme/api:' + 'x'.repeat(129),
    '-acme/api',
    'acme/-api',
    'acme/api_',
    'acme/api@sha256:xyz',
    'ghcr.io:port/x',
    'a/b:c:d',
    'x'.repeat(256),
    'host-.io/app',
    'acme/a___b',
    'a.b__c/d', // '_' is not allowed in a host
  ];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)}`, () =>
      assert.strictEqual(parseImageReference(text), undefined));
  }
});

describe('repositoryWithoutRegistry', () => {
  const table: Array<[string, string]> = [
    ['ghcr.io/acme/api:1', 'acme/api'],
    ['nginx', 'nginx'],
    ['nginx:latest', 'nginx'],
    ['localhost:5000/a/b', 'a/b'],
    ['localhost/a', 'a'],
    ['acme/api', 'acme/api'],
    [`acme/api@${DIGEST}`, 'acme/api'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/svc:2', 'team/svc'],
    // not valid references (upper case path), still stripped as well as possible
    ['ghcr.io/Acme/API:1', 'Acme/API'],
  ];
  for (const [ref, repo] of table) {
    it(`${ref} -> ${repo}`, () => assert.strictEqual(repositoryWithoutRegistry(ref), repo));
  }
});
