import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateRenderError, renderTemplate } from './template-renderer.js';

const vars = (entries: Record<string, string>) => new Map(Object.entries(entries));

function renderError(template: string, given: Record<string, string>): TemplateRenderError {
  try {
    renderTemplate(template, vars(given));
  } catch (error) {
    if (error instanceof TemplateRenderError) return error;
    throw error;
  }
  assert.fail('expected a TemplateRenderError');
}

describe('renderTemplate', () => {
  const cases: { name: string; template: string; vars: Record<string, string>; expected: string }[] = [
    { name: 'a plain variable', template: 'address: {{address}}', vars: { address: '10.0.0.1' }, expected: 'address: 10.0.0.1' },
    { name: 'whitespace inside the braces', template: 'port: {{  port }}', vars: { port: '8080' }, expected: 'port: 8080' },
    { name: 'a dotted key as one name', template: 'v: {{ some.key }}', vars: { 'some.key': 'x' }, expected: 'v: x' },
    { name: 'triple braces', template: 'v: {{{ a }}}', vars: { a: '<&>' }, expected: 'v: <&>' },
    { name: 'a value with HTML characters, unescaped', template: 'v: {{ a }}', vars: { a: 'a&b"c' }, expected: 'v: a&b"c' },
    { name: 'the same variable twice', template: '{{a}}-{{ a }}', vars: { a: '1' }, expected: '1-1' },
    { name: 'an empty value', template: 'v: "{{a}}"', vars: { a: '' }, expected: 'v: ""' },
    { name: 'a value that looks like a tag, inserted as it is', template: '{{a}}', vars: { a: '{{b}}' }, expected: '{{b}}' },
    { name: 'no tags at all', template: 'type: Dataplane', vars: {}, expected: 'type: Dataplane' },
  ];
  for (const c of cases) {
    it(`given ${c.name}, when rendered, then the value is substituted`, () => {
      assert.equal(renderTemplate(c.template, vars(c.vars)), c.expected);
    });
  }

  it('given variables the command line does not give, when rendered, then the error names each once, in order', () => {
    // given
    const template = 'a: {{ address }}\nb: {{port}}\nc: {{ address }}\nd: {{ given }}';
    // when
    const error = renderError(template, { given: '1' });
    // then
    assert.deepEqual(error.missing, ['address', 'port']);
    assert.equal(error.code, 'TEMPLATE_VARIABLES_MISSING');
    assert.match(error.message, /"address", "port" but no --dataplane-var gives them/);
  });

  it('given a mustache section, when rendered, then it is reported as unsupported', () => {
    const error = renderError('{{#list}}x{{/list}}', {});
    assert.deepEqual(error.unsupported, ['{{#list}}', '{{/list}}']);
  });
});
