/** Which FROM line builds the final image, and which workspace Dockerfile an image came from. */
import * as assert from 'node:assert/strict';
import { finalFromLine, pickDockerfile } from '../../../src/docker/dockerfile';

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
