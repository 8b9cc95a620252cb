import * as assert from 'assert';
import { registryHostOf, repositoryWithoutRegistry } from '../../../src/docker/imageReference';

const DIGEST = 'sha256:2715632c2831d306558654af1a169c38e49a9a79d1d582ccfd4ecfd6b46f3c73';

describe('repositoryWithoutRegistry', () => {
  const table: Array<[string, string]> = [
    ['ghcr.io/acme/api:1', 'acme/api'],
    ['nginx', 'nginx'],
    ['nginx:latest', 'nginx'],
    ['nginx:1.25-alpine', 'nginx'],
    ['localhost:5000/a/b', 'a/b'],
    ['localhost/a', 'a'],
    ['localhost', 'localhost'], // a lone name is the repository, even one that could be a host
    ['127.0.0.1:5055/team/multi:1.0', 'team/multi'],
    ['[::1]:5000/app', 'app'],
    ['Registry/app', 'app'], // upper case marks a host, as in docker
    ['acme/api', 'acme/api'],
    [`acme/api@${DIGEST}`, 'acme/api'],
    [`ghcr.io/acme/api:1@${DIGEST}`, 'acme/api'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/svc:2', 'team/svc'],
    ['a__b-c--d/e.f_g:TAG_1.x', 'a__b-c--d/e.f_g'],
    ['my_app/sub.dir/x-y', 'my_app/sub.dir/x-y'],
    // not valid references, still stripped as well as possible
    ['ghcr.io/Acme/API:1', 'Acme/API'],
    [' nginx:latest\n', 'nginx'],
  ];
  for (const [ref, repo] of table) {
    it(`${JSON.stringify(ref)} -> ${repo}`, () => assert.strictEqual(repositoryWithoutRegistry(ref), repo));
  }
});

describe('registryHostOf', () => {
  const table: Array<[string, string | undefined]> = [
    ['127.0.0.1:5055/team/app', '127.0.0.1:5055'],
    ['127.0.0.1:5055/team/app:1.0', '127.0.0.1:5055'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/svc', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
    ['ghcr.io/acme/api:1', 'ghcr.io'],
    ['localhost/a', 'localhost'],
    ['Registry/app', 'Registry'],
    ['acme/api', undefined],
    ['nginx', undefined],
    ['localhost', undefined], // a lone name is a repository
    ['0tree-1a2b/alpha', undefined],
  ];
  for (const [ref, host] of table) {
    it(`${JSON.stringify(ref)} -> ${host}`, () => assert.strictEqual(registryHostOf(ref), host));
  }
});
