import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRulesSet } from '../../../../src/core/validation';

const readme = readFileSync(
  join(__dirname, '..', '..', '..', '..', 'src', 'core', 'rules', 'README.md'),
  'utf8',
);

/** Rule ids of every failed-assert / successful-report in an XSL. */
function ruleIds(xslPath: string): Set<string> {
  const xsl = readFileSync(xslPath, 'utf8');
  const ids = new Set<string>();
  for (const m of xsl.matchAll(
    /<svrl:(?:failed-assert|successful-report)\b[^>]*?\sid="([^"]+)"/g,
  )) {
    ids.add(m[1]);
  }
  return ids;
}

/** Table rows: `| id | stage | flag | status | why |`. */
const tableRows = new Map<string, string>();
for (const line of readme.split('\n')) {
  const cells = line.split('|').map((c) => c.trim());
  if (cells.length >= 6 && /^BR-/.test(cells[1]))
    tableRows.set(`${cells[2]} ${cells[1]}`, cells[4]);
}

describe('src/core/rules/README.md', () => {
  const rules = loadRulesSet();
  it.each([
    ['en16931', rules.en16931Xsl],
    ['ksa', rules.ksaXsl],
  ])('accounts for every rule id of the %s XSL', (stage, xslPath) => {
    const ids = [...ruleIds(xslPath)];
    expect(ids.length).toBeGreaterThan(90);
    const missing = ids.filter((id) => !tableRows.has(`${stage} ${id}`));
    expect(missing).toEqual([]);
  });

  it('gives every row one of the four statuses', () => {
    for (const status of tableRows.values()) {
      expect(status).toMatch(
        /^(checked in TS|clock-dependent|refused earlier by the model|guaranteed by the renderer|not applicable)/,
      );
    }
  });
});
