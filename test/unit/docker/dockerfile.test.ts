import * as assert from 'node:assert/strict';
import { fromInstructions, isDockerfileName, stageNames } from '../../../src/docker/dockerfile';

describe('Dockerfile reading', () => {
  it('knows Dockerfile, Dockerfile.*, *.Dockerfile and Containerfile, and nothing else', () => {
    for (const name of [
      'Dockerfile',
      'Dockerfile.dev',
      'api.Dockerfile',
      'api.dockerfile',
      'Containerfile',
      'Containerfile.prod',
      'x.containerfile',
    ]) {
      assert.equal(isDockerfileName(name), true, name);
    }
    for (const name of ['Dockerfile-notes.md', 'MyDockerfile', 'docker-compose.yml', '.dockerignore', 'Dockerfile.', 'README.md']) {
      assert.equal(isDockerfileName(name), false, name);
    }
  });

  it('finds every FROM with its line, image and stage, past comments, flags and continuations', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG BASE=scratch',
      'FROM --platform=$BUILDPLATFORM ${BASE} AS build',
      'COPY . /src',
      '',
      '  from scratch as test',
      'FROM \\',
      '  # a comment inside the continuation',
      '  build \\',
      '  AS final',
      'FROM final',
      'RUN echo "FROM nothing"',
    ].join('\n');
    assert.deepEqual(fromInstructions(text), [
      { line: 2, image: '${BASE}', stage: 'build' },
      { line: 5, image: 'scratch', stage: 'test' },
      { line: 6, image: 'build', stage: 'final' },
      { line: 10, image: 'final' },
    ]);
    assert.deepEqual(stageNames(text), ['build', 'test', 'final']);
  });

  it('reads CRLF files and finds nothing in a file without FROM', () => {
    assert.deepEqual(fromInstructions('FROM scratch AS a\r\nLABEL x=y\r\n'), [{ line: 0, image: 'scratch', stage: 'a' }]);
    assert.deepEqual(fromInstructions('# just a comment\nLABEL x=y\n'), []);
  });
});
