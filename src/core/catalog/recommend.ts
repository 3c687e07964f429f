// Recommendations by use case. The ranking rule, stated once:
//
//   candidates: usable models (not gone, not routers), free unless asked otherwise, whose use cases
//               include the one asked for;
//   score = capability points   (weights per use case, table below)
//         + specialist bonus     (+15 a code model by name for coding, +10 a dedicated reasoner for reasoning)
//         + context points       (4 per doubling above 4K tokens, capped at 128K: 8K→4, 32K→12, 128K+→20;
//                                 beyond 128K the difference rarely matters to a chat, capabilities should)
//         + health, when the router measured it:
//             success rate s     → 40·(s − 0.5)              (−20..+20)
//             median TTFT t ms   → 10·clamp((2000 − t)/2000) (−10..+10)
//             tokens per second  → min(r, 100)/10            (0..+10)
//             cooling down       → −100 (kept last, not dropped: the cooldown ends)
//   order: score descending, then id ascending (deterministic).
//
// Every recommendation carries `why` (the terms that contributed, in the asked language, English by
// default) and `reasons` (the same terms, structured).
import type { CatalogIndex } from './catalogIndex';
import { isCodingSpecialist, isReasoningSpecialist } from './derive';
import type { MessageLocale } from '../shared/errorKinds';
import { formatMs, formatPercent, formatRate, formatTokens } from '../shared/format';
import type {
  CatalogModel,
  ModelCapabilities,
  ModelHealth,
  Recommendation,
  RecommendationReason,
  RecommendOptions,
  UseCase,
} from './types';

export const DEFAULT_RECOMMENDATION_LIMIT = 5;

const CAPABILITY_WEIGHTS: Record<UseCase, Record<keyof ModelCapabilities, number>> = {
  general: { reasoning: 10, toolCalling: 10, vision: 5 },
  reasoning: { reasoning: 20, toolCalling: 5, vision: 0 },
  coding: { reasoning: 10, toolCalling: 20, vision: 0 },
  chat: { reasoning: 0, toolCalling: 5, vision: 10 },
};
const CODING_SPECIALIST_BONUS = 15;
const REASONING_SPECIALIST_BONUS = 10;
export const COOLING_DOWN_PENALTY = 100;
const MAX_CONTEXT_POINTS = 20;

interface StaticRank {
  model: CatalogModel;
  score: number;
  reasons: RecommendationReason[];
}

export function contextPoints(contextLength: number): number {
  if (contextLength <= 4096) return 0;
  return Math.min(MAX_CONTEXT_POINTS, 4 * Math.log2(contextLength / 4096));
}

function staticRank(model: CatalogModel, useCase: UseCase): StaticRank {
  const weights = CAPABILITY_WEIGHTS[useCase];
  let score = 0;
  const reasons: RecommendationReason[] = [];
  if (useCase === 'coding' && isCodingSpecialist(model)) {
    score += CODING_SPECIALIST_BONUS;
    reasons.push({ kind: 'specialist', useCase: 'coding' });
  }
  if (useCase === 'reasoning' && isReasoningSpecialist(model)) {
    score += REASONING_SPECIALIST_BONUS;
    reasons.push({ kind: 'specialist', useCase: 'reasoning' });
  }
  for (const capability of ['reasoning', 'toolCalling', 'vision'] as const) {
    if (model.capabilities[capability] && weights[capability] > 0) {
      score += weights[capability];
      reasons.push({ kind: 'capability', capability });
    }
  }
  if (model.contextLength > 0) {
    score += contextPoints(model.contextLength);
    reasons.push({ kind: 'context', tokens: model.contextLength });
  } else {
    reasons.push({ kind: 'contextUnknown' });
  }
  return { model, score, reasons };
}

interface ReasonWords {
  specialist: Record<'coding' | 'reasoning', string>;
  capability: Record<keyof ModelCapabilities, string>;
  context: (tokens: string) => string;
  contextUnknown: string;
  successRate: (percent: string) => string;
  ttft: (latency: string) => string;
  speed: (rate: string) => string;
  coolingDown: string;
}

/** The words for each term of a recommendation, one table per language. */
const REASON_WORDS: Record<MessageLocale, ReasonWords> = {
  en: {
    specialist: { coding: 'code model', reasoning: 'dedicated reasoner' },
    capability: { reasoning: 'reasons', toolCalling: 'tool calling', vision: 'image input' },
    context: (tokens) => `${tokens} context`,
    contextUnknown: 'context length unknown',
    successRate: (percent) => `${percent} success`,
    ttft: (latency) => `first token in ${latency}`,
    speed: (rate) => rate,
    coolingDown: 'cooling down after a rate limit',
  },
  'zh-cn': {
    specialist: { coding: '代码模型', reasoning: '专用推理模型' },
    capability: { reasoning: '支持推理', toolCalling: '支持工具调用', vision: '支持图像输入' },
    context: (tokens) => `${tokens} 上下文`,
    contextUnknown: '上下文长度未知',
    successRate: (percent) => `成功率 ${percent}`,
    ttft: (latency) => `首个 token 用时 ${latency}`,
    speed: (rate) => `生成速度 ${rate}`,
    coolingDown: '因限流正在冷却',
  },
};

/** The words for one term, in `locale`. */
export function describeReason(r: RecommendationReason, locale: MessageLocale = 'en'): string {
  const words = REASON_WORDS[locale];
  switch (r.kind) {
    case 'specialist':
      return words.specialist[r.useCase];
    case 'capability':
      return words.capability[r.capability];
    case 'context':
      return words.context(formatTokens(r.tokens));
    case 'contextUnknown':
      return words.contextUnknown;
    case 'successRate':
      return words.successRate(formatPercent(r.rate));
    case 'ttft':
      return words.ttft(formatMs(r.ms));
    case 'speed':
      return words.speed(formatRate(r.tokensPerSecond));
    case 'coolingDown':
      return words.coolingDown;
  }
}

function byScoreThenId(a: { score: number; model: CatalogModel }, b: { score: number; model: CatalogModel }): number {
  if (b.score !== a.score) return b.score - a.score;
  return a.model.id < b.model.id ? -1 : a.model.id > b.model.id ? 1 : 0;
}

/** Static order per use case, computed once per index (the index is rebuilt on every list change). */
function staticRanking(index: CatalogIndex, useCase: UseCase, freeOnly: boolean): StaticRank[] {
  const key = `${useCase}|${freeOnly}`;
  const cached = index.rankingCache.get(key) as StaticRank[] | undefined;
  if (cached) return cached;
  const ranks: StaticRank[] = [];
  for (const m of index.models) {
    if (m.goneSince !== undefined || m.isRouter) continue;
    if (freeOnly && !m.free) continue;
    if (!m.useCases.includes(useCase)) continue;
    ranks.push(staticRank(m, useCase));
  }
  ranks.sort(byScoreThenId);
  index.rankingCache.set(key, ranks);
  return ranks;
}

export function healthAdjustment(health: ModelHealth | undefined): { score: number; reasons: RecommendationReason[] } {
  if (!health) return { score: 0, reasons: [] };
  let score = 0;
  const reasons: RecommendationReason[] = [];
  if (health.successRate !== undefined && Number.isFinite(health.successRate)) {
    const rate = Math.min(1, Math.max(0, health.successRate));
    score += 40 * (rate - 0.5);
    reasons.push({ kind: 'successRate', rate });
  }
  if (health.ttftMedianMs !== undefined && Number.isFinite(health.ttftMedianMs)) {
    score += 10 * Math.min(1, Math.max(-1, (2000 - health.ttftMedianMs) / 2000));
    reasons.push({ kind: 'ttft', ms: health.ttftMedianMs });
  }
  if (health.tokensPerSecond !== undefined && Number.isFinite(health.tokensPerSecond) && health.tokensPerSecond > 0) {
    score += Math.min(health.tokensPerSecond, 100) / 10;
    reasons.push({ kind: 'speed', tokensPerSecond: health.tokensPerSecond });
  }
  if (health.coolingDown) {
    score -= COOLING_DOWN_PENALTY;
    reasons.push({ kind: 'coolingDown' });
  }
  return { score, reasons };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

function toRecommendation(r: StaticRank, locale: MessageLocale): Recommendation {
  const separator = locale === 'zh-cn' ? '；' : '; ';
  return { model: r.model, score: round1(r.score), why: r.reasons.map((x) => describeReason(x, locale)).join(separator), reasons: [...r.reasons] };
}

export function recommendModels(index: CatalogIndex, useCase: UseCase, opts: RecommendOptions = {}): Recommendation[] {
  const limit = Math.max(0, Math.floor(opts.limit ?? DEFAULT_RECOMMENDATION_LIMIT));
  const ranks = staticRanking(index, useCase, opts.freeOnly ?? true);
  const health = opts.health;
  const locale = opts.locale ?? 'en';
  if (!health) return ranks.slice(0, limit).map((r) => toRecommendation(r, locale));
  const scored = ranks.map((r): StaticRank => {
    const adj = healthAdjustment(health(r.model.id));
    return adj.reasons.length ? { model: r.model, score: r.score + adj.score, reasons: [...r.reasons, ...adj.reasons] } : r;
  });
  scored.sort(byScoreThenId);
  return scored.slice(0, limit).map((r) => toRecommendation(r, locale));
}
