import { join } from 'node:path';
import { loadModel } from '../model';
import { FIXTURES, golden } from '../test-support/fixtures';
import { documentedNamespaces, generateHtml, htmlFileName } from './html';

describe('generateHtml', () => {
  const model = loadModel([join(FIXTURES, 'calc/calc.smithy')]);

  it('names pages as weld does and documents every namespace but smithy.api', () => {
    expect(htmlFileName('org.wasmcloud.interface.factorial')).toBe('org_wasmcloud_interface_factorial.html');
    expect(documentedNamespaces(model)).toEqual(['org.example.interface.calc', 'org.wasmcloud.core', 'org.wasmcloud.model']);
  });

  it('lists services, operations and types with their docs (reviewed golden)', () => {
    const html = generateHtml(model, 'org.example.interface.calc');
    expect(html).toBe(golden('org_example_interface_calc.html'));
    expect(html).toContain('<h3>Calc</h3>');
    expect(html).toContain('contract <code>example:calc</code>');
    expect(html).toContain('Adds the numbers of a request');
  });
});
