/**
 * Unreachable rules and ineffective matches inside one VirtualService rule list, as istiod's
 * validation computes them (reference §h, IST0130/IST0131): per VirtualService only.
 */
import { canonicalJson, IstioRule, IstioRuleMatch, matchesOf, RULE_SECTIONS, RuleSection, rulesOf } from './istio-fields';
import { IstioVirtualService } from '../model/istio-types';

/** A rule that can never match. */
export interface UnreachableRule {
  /** The section. */
  readonly section: RuleSection;
  /** `"name"` or `#index`. */
  readonly rule: string;
  /** Why. */
  readonly reason: string;
}

/** A match entry that never takes a request an earlier one would not take. */
export interface IneffectiveMatch {
  /** The section. */
  readonly section: RuleSection;
  /** `"name"` or `#index` of the rule. */
  readonly rule: string;
  /** `"name"` or `#index` of the match. */
  readonly match: string;
  /** What makes it ineffective. */
  readonly reason: string;
}

/** What the per-VirtualService analysis found. */
export interface RuleReachability {
  /** Unreachable rules. */
  readonly unreachable: UnreachableRule[];
  /** Ineffective matches. */
  readonly ineffective: IneffectiveMatch[];
}

const cache = new WeakMap<IstioVirtualService, RuleReachability>();

/** `"name"` of an HTTP rule or match that has a name, else `#index` (TCP and TLS rules and matches have no name). */
function displayName(section: RuleSection, value: IstioRule | IstioRuleMatch, index: number): string {
  const name = section === 'http' && 'name' in value ? value.name : undefined;
  return name ? `"${name}"` : `#${index}`;
}

/** The match without its `name` (which does not take part in matching), as canonical JSON. */
function matchKey(match: IstioRuleMatch): string {
  if ('name' in match) {
    const { name: _name, ...rest } = match;
    return canonicalJson(rest);
  }
  return canonicalJson(match);
}

/** A prefix match and everything else it requires, for the prefix-cover check. */
interface PrefixMatch {
  readonly rule: string;
  readonly match: string;
  readonly prefix: string;
  readonly rest: string;
}

function prefixMatchOf(match: IstioRuleMatch, rule: string, name: string): PrefixMatch | undefined {
  if (!('uri' in match)) {
    return undefined;
  }
  const { name: _name, uri, ...rest } = match;
  if (uri?.prefix === undefined || uri.prefix === '' || Object.keys(uri).length !== 1) {
    return undefined;
  }
  return { rule, match: name, prefix: uri.prefix, rest: canonicalJson(rest) };
}

function analyzeSection(section: RuleSection, rules: readonly IstioRule[], result: RuleReachability): void {
  const seen = new Map<string, string>();
  const prefixes: PrefixMatch[] = [];
  let matchless: string | undefined;
  rules.forEach((rule, index) => {
    const name = displayName(section, rule, index);
    const matches = matchesOf(rule);
    if (matches.length === 0) {
      if (matchless !== undefined) {
        result.unreachable.push({ section, rule: name, reason: `only the last rule may have no match, and rule ${matchless} before it has none` });
      } else {
        matchless = name;
      }
      return;
    }
    if (matchless !== undefined) {
      result.unreachable.push({ section, rule: name, reason: `rule ${matchless} before it has no match and takes every request` });
      return;
    }
    let duplicates = 0;
    matches.forEach((match, m) => {
      const key = matchKey(match);
      const earlier = seen.get(key);
      const mName = displayName(section, match, m);
      if (earlier !== undefined) {
        duplicates++;
        result.ineffective.push({ section, rule: name, match: mName, reason: `it repeats a match of rule ${earlier}` });
        return;
      }
      seen.set(key, name);
      if (section !== 'http') return;
      const current = prefixMatchOf(match, name, mName);
      if (current === undefined) return;
      const cover = prefixes.find((p) => p.prefix !== current.prefix && current.prefix.startsWith(p.prefix) && p.rest === current.rest);
      if (cover !== undefined) {
        result.ineffective.push({
          section,
          rule: name,
          match: mName,
          reason: `its prefix ${current.prefix} is covered by prefix ${cover.prefix} of match ${cover.match} of rule ${cover.rule} with the same other conditions`,
        });
      }
      prefixes.push(current);
    });
    if (duplicates === matches.length) {
      result.unreachable.push({ section, rule: name, reason: 'every one of its matches repeats a match of an earlier rule' });
    }
  });
}

/** The unreachable rules and ineffective matches of a VirtualService (computed once per object). */
export function ruleReachability(vs: IstioVirtualService): RuleReachability {
  let result = cache.get(vs);
  if (result === undefined) {
    result = { unreachable: [], ineffective: [] };
    for (const section of RULE_SECTIONS) {
      analyzeSection(section, rulesOf(vs, section), result);
    }
    cache.set(vs, result);
  }
  return result;
}
