/**
 * Unreachable rules and ineffective matches inside one VirtualService rule list (reference §h, IST0130/IST0131), per
 * VirtualService only. As istiod's validation (`analyzeUnreachableHTTPRules` and its TCP and TLS twins in
 * pkg/config/validation/validation.go): a rule after a rule without match, and a match equal to an earlier one but
 * for its `name`; a rule all of whose matches are such repeats is unreachable. Beyond istiod, a match is ineffective
 * when an earlier one provably takes all its requests (`matchCovers`), found through an index of the earlier matches
 * (`MatchCoverIndex`) so that the cost stays linear in the matches.
 */
import { canonicalJson, IstioRule, IstioRuleMatch, matchesOf, RULE_SECTIONS, RuleSection, rulesOf } from './istio-fields';
import { describeMatchConditions, httpMatchConditions, l4MatchConditions, MatchConditions } from './match-cover';
import { MatchCoverIndex } from './match-cover-index';
import { IstioHttpMatch, IstioL4Match, IstioVirtualService } from '../model/istio-types';

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

/** A match entry that takes requests, as the findings name it. */
interface EffectiveMatch {
  /** `"name"` or `#index` of its rule. */
  readonly rule: string;
  /** `"name"` or `#index` of the match. */
  readonly match: string;
  /** Its conditions. */
  readonly conditions: MatchConditions;
}

function conditionsOf(section: RuleSection, match: IstioRuleMatch): MatchConditions | undefined {
  return section === 'http' ? httpMatchConditions(match as IstioHttpMatch) : l4MatchConditions(match as IstioL4Match, section);
}

function analyzeSection(section: RuleSection, rules: readonly IstioRule[], result: RuleReachability): void {
  const seen = new Map<string, { rule: string; match: string }>();
  const effective = new MatchCoverIndex<EffectiveMatch>();
  const taken = section === 'http' ? 'request' : 'connection';
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
        result.ineffective.push({ section, rule: name, match: mName, reason: `it repeats match ${earlier.match} of rule ${earlier.rule}` });
        return;
      }
      seen.set(key, { rule: name, match: mName });
      const conditions = conditionsOf(section, match);
      if (conditions === undefined) return;
      const cover = effective.coverOf(conditions);
      if (cover === undefined) {
        effective.add(conditions, { rule: name, match: mName, conditions });
        return;
      }
      result.ineffective.push({
        section,
        rule: name,
        match: mName,
        reason: `every ${taken} it matches (${describeMatchConditions(conditions)}) goes to match ${cover.match} of rule ${cover.rule} `
          + `(${describeMatchConditions(cover.conditions)}) first: remove it${cover.rule === name ? '' : `, or move its rule before rule ${cover.rule}`}`,
      });
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
