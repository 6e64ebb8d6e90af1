// A deterministic, heuristic scam classifier for the lab: a pure function with
// no network and no model, so its results can be asserted exactly.
//
// SCAM_RULES is a table of signals; each has a label and a weight in (0, 1).
// For a message (lower-cased text plus its media items):
//   score      = 1 - Π(1 - weight) over the matched rules (independent evidence:
//                each rule removes its share of the remaining doubt);
//   scam_label = the label of the strongest matched rule; equal weights are
//                broken by LABEL_PRIORITY, then by table order;
//   prediction = 'scam' when score ≥ 0.5, else 'not_scam';
//   confidence = confidence in the prediction, rounded to 2 decimals:
//                score for 'scam', 1 - score for 'not_scam' with weak signals.
// No rule matched: 'not_scam', 'none', confidence 0.9 (a fixed "looks fine"
// confidence; heuristics never warrant certainty). A not_scam message with weak
// signals keeps the strongest signal's label as a hint.
import type { MediaItem } from '../commons/ingest-message.ts';

export type ScamLabel = 'phishing' | 'advance_fee' | 'prize' | 'impersonation' | 'urgency' | 'none';
export type Prediction = 'scam' | 'not_scam';

export interface Classification {
  prediction_result: Prediction;
  scam_label: ScamLabel;
  confidence_score: number;
}

export interface ScamRule {
  id: string;
  label: Exclude<ScamLabel, 'none'>;
  weight: number;
  /** What the rule looks for, for the docs. */
  description: string;
  matches: (text: string, media: MediaItem[]) => boolean;
}

/** Which label wins when matched rules have the same weight. */
export const LABEL_PRIORITY: ScamRule['label'][] = ['phishing', 'advance_fee', 'prize', 'impersonation', 'urgency'];
export const SCAM_THRESHOLD = 0.5;
export const NO_SIGNAL_CONFIDENCE = 0.9;

const SHORTENERS = ['bit.ly', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'cutt.ly', 'rebrand.ly', 'shorturl.at'];
const EXECUTABLE_TYPES = [
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-dosexec',
  'application/x-executable',
  'application/vnd.microsoft.portable-executable',
  'application/vnd.android.package-archive',
  'application/java-archive',
  'application/x-sh',
  'application/x-bat',
];
const EXECUTABLE_EXTENSION = /\.(exe|scr|bat|cmd|msi|apk|jar|js|vbs|ps1)$/;

function textRule(id: string, label: ScamRule['label'], weight: number, description: string, pattern: RegExp): ScamRule {
  return { id, label, weight, description, matches: (text) => pattern.test(text) };
}

function isExecutable(item: MediaItem): boolean {
  if (EXECUTABLE_TYPES.includes(item.content_type.toLowerCase())) return true;
  try {
    return EXECUTABLE_EXTENSION.test(new URL(item.url).pathname.toLowerCase());
  } catch {
    return false;
  }
}

const shortenerPattern = new RegExp(`(^|[\\s/(])(${SHORTENERS.map((h) => h.replaceAll('.', '\\.')).join('|')})/\\S+`);

export const SCAM_RULES: readonly ScamRule[] = [
  textRule('verify_account', 'phishing', 0.6, 'asks to verify or confirm an account, identity or details', /\b(verify|confirm|update) (your|ur) (account|identity|details|login)\b/),
  textRule('code_request', 'phishing', 0.55, 'asks for a one-time, verification or security code (OTP)', /\b(otp|one[- ]time (pass)?(code|password)|verification code|security code|(send|share|give|tell) (me|us) (the|your|that) code)\b/),
  textRule('password', 'phishing', 0.4, 'mentions a password or PIN', /\b(password|passcode|pin number)\b/),
  textRule('shortened_link', 'phishing', 0.45, `links through a URL shortener (${SHORTENERS.join(', ')})`, shortenerPattern),
  textRule('insecure_link', 'phishing', 0.35, 'contains a plain http:// link', /\bhttp:\/\/\S+/),
  { id: 'executable_media', label: 'phishing', weight: 0.7, description: 'attaches executable content (e.g. application/x-msdownload, .exe, .apk)', matches: (_t, media) => media.some(isExecutable) },
  { id: 'insecure_media', label: 'phishing', weight: 0.5, description: 'attaches media from a non-https URL', matches: (_t, media) => media.some((m) => !m.url.toLowerCase().startsWith('https://')) },
  textRule('gift_card', 'advance_fee', 0.55, 'asks for gift cards', /\bgift ?cards?\b/),
  textRule('wire_transfer', 'advance_fee', 0.5, 'asks for a wire transfer or money-transfer service', /\b(wire transfer|western union|moneygram)\b/),
  textRule('fee_to_release', 'advance_fee', 0.5, 'a fee to release money, an inheritance or a beneficiary', /\b((processing|release|clearance|transfer|handling) fee|inheritance|beneficiary)\b/),
  textRule('crypto', 'advance_fee', 0.35, 'mentions cryptocurrency', /\b(crypto(currency)?|bitcoin|btc|usdt|ethereum)\b/),
  textRule('you_have_won', 'prize', 0.6, 'says you have won or are a winner', /\b(you('ve| have) won|you are (the|a|our) (lucky )?winner)\b/),
  textRule('prize', 'prize', 0.35, 'mentions a prize, lottery or jackpot', /\b(prizes?|lottery|jackpot|sweepstakes?)\b/),
  textRule('tax_agency', 'impersonation', 0.45, 'invokes the IRS, a tax refund or social security', /\b(irs|tax refund|hmrc|social security)\b/),
  textRule('bank', 'impersonation', 0.25, 'mentions a bank or a blocked/suspended account', /\b(bank|account (is )?(suspended|locked|blocked|frozen))\b/),
  textRule('act_now', 'urgency', 0.35, 'pushes to act now or before a deadline', /\b(act now|limited time|expires? today|last chance|final notice)\b/),
  textRule('urgent', 'urgency', 0.3, 'says urgent, immediately or within 24 hours', /\b(urgent(ly)?|immediately|within 24 hours|asap)\b/),
];

const round2 = (x: number): number => Math.round(x * 100) / 100;

function strongest(matched: ScamRule[]): ScamRule {
  return [...matched].sort(
    (a, b) => b.weight - a.weight || LABEL_PRIORITY.indexOf(a.label) - LABEL_PRIORITY.indexOf(b.label) || SCAM_RULES.indexOf(a) - SCAM_RULES.indexOf(b),
  )[0]!;
}

/** Classifies a message; the same input always gives the same result. */
export function classify(text: string, mediaItems: MediaItem[]): Classification {
  const lower = text.toLowerCase();
  const matched = SCAM_RULES.filter((rule) => rule.matches(lower, mediaItems));
  if (matched.length === 0) return { prediction_result: 'not_scam', scam_label: 'none', confidence_score: NO_SIGNAL_CONFIDENCE };
  const score = 1 - matched.reduce((doubt, rule) => doubt * (1 - rule.weight), 1);
  const scam = score >= SCAM_THRESHOLD;
  return {
    prediction_result: scam ? 'scam' : 'not_scam',
    scam_label: strongest(matched).label,
    confidence_score: round2(scam ? score : 1 - score),
  };
}

/** The ids of the rules a message matches, for logs and docs. */
export function matchedRuleIds(text: string, mediaItems: MediaItem[]): string[] {
  const lower = text.toLowerCase();
  return SCAM_RULES.filter((rule) => rule.matches(lower, mediaItems)).map((rule) => rule.id);
}
