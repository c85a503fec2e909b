// xmldom 0.9 (0.9.12 is the latest) compiles a fresh Unicode RegExp from its grammar for every
// end tag it reads (`g.reg('^', g.QName_group, g.S_OPT, '$')` in lib/sax.js): about 40% of a
// parse, ~0.35 ms of a 15 KB invoice. The expressions `reg` builds carry only the `u` flag, so
// they keep no state between calls and one compiled copy per list of parts can serve every call.

type Part = RegExp | string;
type Reg = ((this: unknown, ...parts: Part[]) => RegExp) & { cached?: true };

// One node per prefix of parts: strings by value, expressions by identity (xmldom passes its
// grammar's own RegExp objects, so joining their long sources into a key would cost as much as
// the compile saved).
interface Node {
  strings: Map<string, Node>;
  expressions: WeakMap<RegExp, Node>;
  compiled?: RegExp;
}
const node = (): Node => ({ strings: new Map(), expressions: new WeakMap() });

let installed = false;

/**
 * Makes xmldom's grammar `reg` return one compiled RegExp per distinct list of parts. Harmless
 * when the internals differ from what is expected (another xmldom version): nothing changes.
 */
export function cacheXmldomGrammarRegExps(): void {
  if (installed) return;
  installed = true;
  let grammar: { reg?: Reg };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    grammar = require('@xmldom/xmldom/lib/grammar') as { reg?: Reg };
  } catch {
    return;
  }
  const original = grammar.reg;
  if (typeof original !== 'function' || original.cached) return;
  // `reg` refuses a bare '|' when called without `this`: such calls are kept apart.
  const roots = { bound: node(), unbound: node() };
  const cached: Reg = function (this: unknown, ...parts: Part[]): RegExp {
    let at = this === undefined ? roots.unbound : roots.bound;
    for (const part of parts) {
      const map = typeof part === 'string' ? at.strings : at.expressions;
      let next = (map as Map<Part, Node>).get(part);
      if (!next) (map as Map<Part, Node>).set(part, (next = node()));
      at = next;
    }
    if (at.compiled) return at.compiled;
    const expression = original.apply(this, parts);
    // A global or sticky expression keeps lastIndex between calls: never share one.
    if (!expression.global && !expression.sticky) at.compiled = expression;
    return expression;
  };
  cached.cached = true;
  grammar.reg = cached;
}
