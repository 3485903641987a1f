import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GLOBAL_READ_ONLY_MESSAGE,
  conflictErrorBody,
  internalErrorBody,
  invalidPageSizeFormatErrorBody,
  invalidResourceObjectErrorBody,
  meshNotFoundErrorBody,
  methodNotAllowedErrorBody,
  notFoundErrorBody,
  pageSizeTooLargeErrorBody,
  validationErrorBody,
} from './error-body-builder.js';

describe('Kuma REST error bodies', () => {
  it("given a validation failure when built then it is Kuma's validation error body, byte for byte as JSON", () => {
    const body = validationErrorBody([{ field: 'networking.inbound[0].tags["kuma.io/service"]', message: 'tag has to exist' }]);
    assert.equal(
      JSON.stringify(body),
      '{"type":"/std-errors","status":400,"title":"Could not process a resource","detail":"Resource is not valid",' +
        '"invalid_parameters":[{"field":"networking.inbound[0].tags[\\"kuma.io/service\\"]","reason":"tag has to exist"}],' +
        '"details":"Resource is not valid",' +
        '"causes":[{"field":"networking.inbound[0].tags[\\"kuma.io/service\\"]","message":"tag has to exist"}]}',
    );
  });

  it('given several violations when built then their order is kept in both lists', () => {
    const body = validationErrorBody([
      { field: 'networking.address', message: "address can't be empty" },
      { field: 'networking', message: 'has to contain at least one inbound interface or gateway' },
    ]);
    assert.deepEqual(
      body.invalid_parameters?.map((p) => p.field),
      ['networking.address', 'networking'],
    );
    assert.deepEqual(
      body.causes?.map((c) => c.field),
      ['networking.address', 'networking'],
    );
  });

  it('given a missing resource when built then it is 404 Not found without parameter lists', () => {
    assert.deepEqual(notFoundErrorBody(), {
      type: '/std-errors',
      status: 404,
      title: 'Could not retrieve a resource',
      detail: 'Not found',
      details: 'Not found',
    });
  });

  it('given a body with wrong types when built then detail is `invalid <Type> object: "…"` under Bad Request', () => {
    const body = invalidResourceObjectErrorBody('Dataplane', [
      { field: 'networking.inbound[0].port', message: 'expected an unsigned 32-bit integer, got "x"' },
      { field: 'name', message: 'expected a string, got number' },
    ]);
    assert.equal(body.status, 400);
    assert.equal(body.title, 'Bad Request');
    assert.equal(
      body.detail,
      'invalid Dataplane object: "networking.inbound[0].port: expected an unsigned 32-bit integer, got \\"x\\"; name: expected a string, got number"',
    );
    assert.equal(body.details, body.detail);
  });

  it("given bad JSON when built then the parser's reason is quoted", () => {
    assert.equal(
      invalidResourceObjectErrorBody('Mesh', 'Unexpected end of JSON input').detail,
      'invalid Mesh object: "Unexpected end of JSON input"',
    );
  });

  it('given a missing mesh when built then the parameter names it', () => {
    const body = meshNotFoundErrorBody('demo');
    assert.equal(body.status, 400);
    assert.equal(body.detail, 'Mesh is not found');
    assert.deepEqual(body.invalid_parameters, [{ field: 'mesh', reason: 'mesh of name demo is not found' }]);
    assert.deepEqual(body.causes, [{ field: 'mesh', message: 'mesh of name demo is not found' }]);
  });

  const pageSizeCases = [
    ['a size that is not a number', invalidPageSizeFormatErrorBody(), 'invalid format'],
    ['a size over the maximum', pageSizeTooLargeErrorBody(2000), 'invalid page size of 2000. Maximum page size is 1000'],
  ] as const;
  for (const [label, body, reason] of pageSizeCases) {
    it(`given ${label} when built then it is 400 Invalid page size on field size`, () => {
      assert.equal(body.status, 400);
      assert.equal(body.detail, 'Invalid page size');
      assert.deepEqual(body.invalid_parameters, [{ field: 'size', reason }]);
    });
  }

  it('given a conflict when built then it is 409 Conflict', () => {
    const body = conflictErrorBody();
    assert.deepEqual([body.status, body.title, body.detail], [409, 'Conflict', 'Conflict']);
  });

  it("given a write to a zone-owned type on the global when built then it is 405 with Kuma's read-only message", () => {
    const body = methodNotAllowedErrorBody();
    assert.equal(body.status, 405);
    assert.equal(body.title, 'Method not allowed');
    assert.equal(body.detail, GLOBAL_READ_ONLY_MESSAGE);
    assert.match(body.detail, /^On global control plane you can not modify dataplane resources/);
  });

  it('given an unexpected failure when built then it is 500 with no internal detail', () => {
    const body = internalErrorBody('Could not process a resource');
    assert.deepEqual([body.status, body.detail, body.details], [500, 'Internal Server Error', 'Internal Server Error']);
  });
});
