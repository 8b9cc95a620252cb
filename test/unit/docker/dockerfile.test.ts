/** Reading Dockerfiles: their names, their FROM lines (build CodeLens, stages, the scan diagnostic), and which one built an image. */
import * as assert from 'node:assert/strict';
import { finalFromLine, fromInstructions, isDockerfileName, pickDockerfile, stageNames } from '../../../src/docker/dockerfile';

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

describe('Dockerfiles for the scan diagnostic', () => {
  it('finds the FROM of the final stage, with its base image columns', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM golang:1.22 AS build',
      'RUN go build -o /app \\',
      '    FROM-not-an-instruction',
      '',
      '  from --platform=linux/amd64 gcr.io/distroless/static:nonroot',
      'COPY --from=build /app /app',
    ].join('\n');
    assert.deepEqual(finalFromLine(text), { line: 5, imageStart: 30, imageEnd: 62, image: 'gcr.io/distroless/static:nonroot' });
    assert.equal(text.split('\n')[5].slice(30, 62), 'gcr.io/distroless/static:nonroot');
    assert.deepEqual(finalFromLine('FROM scratch\r\nCOPY a /a\r\n'), { line: 0, imageStart: 5, imageEnd: 12, image: 'scratch' });
    assert.equal(finalFromLine('# FROM alpine\nRUN true'), undefined);
  });

  it('marks the image where it is written when the final FROM runs over several lines, as the build CodeLens reads it', () => {
    const text = ['FROM scratch AS base', 'FROM --platform=linux/arm64 \\', '  # the base of the final stage', '  base AS final'].join(
      '\n',
    );
    assert.deepEqual(finalFromLine(text), { line: 3, imageStart: 2, imageEnd: 6, image: 'base' });
    assert.deepEqual(fromInstructions(text).at(-1), { line: 1, image: 'base', stage: 'final' });
  });

  const candidates = [
    { relativePath: 'Dockerfile', workspaceFolderName: 'shop' },
    { relativePath: 'services/web/Dockerfile', workspaceFolderName: 'shop' },
    { relativePath: 'deploy/worker.Dockerfile', workspaceFolderName: 'shop' },
    { relativePath: 'attic/legacy/web/Dockerfile', workspaceFolderName: 'shop' },
  ];

  it('matches by folder, by <name>.Dockerfile, and by the workspace folder at the root; the shortest path wins', () => {
    assert.equal(pickDockerfile(candidates, ['127.0.0.1:5000/team/web:1.0'], false)?.relativePath, 'services/web/Dockerfile');
    assert.equal(pickDockerfile(candidates, ['team/worker'], false)?.relativePath, 'deploy/worker.Dockerfile');
    assert.equal(pickDockerfile(candidates, ['shop:latest'], false)?.relativePath, 'Dockerfile');
    assert.equal(pickDockerfile(candidates, [`team/web@sha256:${'a'.repeat(64)}`], false)?.relativePath, 'services/web/Dockerfile');
  });

  it('with no match, only the sole Dockerfile of a workspace, and only when allowed', () => {
    assert.equal(pickDockerfile(candidates, ['api'], true), undefined, 'several Dockerfiles: no guess');
    const sole = [{ relativePath: 'build/Dockerfile', workspaceFolderName: 'x' }];
    assert.equal(pickDockerfile(sole, ['api'], true)?.relativePath, 'build/Dockerfile');
    assert.equal(pickDockerfile(sole, ['api'], false), undefined);
  });
});
