import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classify, LABEL_PRIORITY, matchedRuleIds, SCAM_RULES } from './classifier.ts';

const png = { url: 'https://cdn.example.com/photo.png', content_type: 'image/png' };

test('an ordinary message matches nothing: not_scam, none, 0.9', () => {
  assert.equal(classify('Hi mum, see you at dinner tonight', []), { prediction_result: 'not_scam', scam_label: 'none', confidence_score: 0.9 });
  assert.equal(classify('', [png]), { prediction_result: 'not_scam', scam_label: 'none', confidence_score: 0.9 });
});

test('phishing: verify your account + http link + bank + urgent', () => {
  const text = 'URGENT: your bank account is suspended. Verify your account at http://secure-bank.example.com/login';
  assert.equal(matchedRuleIds(text, []), ['verify_account', 'insecure_link', 'bank', 'urgent']);
  // 1 - 0.4 * 0.65 * 0.75 * 0.7 = 0.8635
  assert.equal(classify(text, []), { prediction_result: 'scam', scam_label: 'phishing', confidence_score: 0.86 });
});

test('prize: you have won beats gift card and the shortened link', () => {
  const text = 'Congratulations! You have won a $1000 gift card. Claim your prize: bit.ly/claim-now';
  assert.equal(matchedRuleIds(text, []), ['shortened_link', 'gift_card', 'you_have_won', 'prize']);
  // 1 - 0.55 * 0.45 * 0.4 * 0.65 = 0.93565
  assert.equal(classify(text, []), { prediction_result: 'scam', scam_label: 'prize', confidence_score: 0.94 });
});

test('advance fee: processing fee and wire transfer', () => {
  assert.equal(classify('Please send the processing fee by wire transfer to release your inheritance', []), {
    prediction_result: 'scam',
    scam_label: 'advance_fee',
    confidence_score: 0.75,
  });
});

test('impersonation: the IRS with urgency', () => {
  // 1 - 0.55 * 0.7 = 0.615
  assert.equal(classify('This is the IRS. You owe back taxes; pay immediately', []), { prediction_result: 'scam', scam_label: 'impersonation', confidence_score: 0.62 });
});

test('equal weights are broken by label priority (prize before urgency)', () => {
  // act_now 0.35 (urgency) and prize 0.35 (prize): 1 - 0.65² = 0.5775
  assert.equal(classify('Act now to claim your prize', []), { prediction_result: 'scam', scam_label: 'prize', confidence_score: 0.58 });
  assert.ok(LABEL_PRIORITY.indexOf('prize') < LABEL_PRIORITY.indexOf('urgency'));
});

test('a weak signal stays not_scam, keeps the label as a hint, and lowers the confidence', () => {
  assert.equal(classify("Meeting moved to 3pm, it's urgent", []), { prediction_result: 'not_scam', scam_label: 'urgency', confidence_score: 0.7 });
  assert.equal(classify("I'm at the bank, back soon", []), { prediction_result: 'not_scam', scam_label: 'impersonation', confidence_score: 0.75 });
});

test('media: executable content and non-https URLs are phishing signals', () => {
  assert.equal(classify('Invoice attached', [{ url: 'https://files.example.com/invoice.pdf', content_type: 'application/x-msdownload' }]), {
    prediction_result: 'scam',
    scam_label: 'phishing',
    confidence_score: 0.7,
  });
  assert.equal(matchedRuleIds('', [{ url: 'https://files.example.com/app.apk', content_type: 'application/octet-stream' }]), ['executable_media']);
  // 1 - 0.3 * 0.5 = 0.85
  assert.equal(classify('', [{ url: 'http://files.example.com/setup.exe', content_type: 'application/octet-stream' }]), {
    prediction_result: 'scam',
    scam_label: 'phishing',
    confidence_score: 0.85,
  });
});

test('a request for an OTP code is phishing', () => {
  assert.equal(classify('Hi, I sent you a code by mistake, please send me the code', []), { prediction_result: 'scam', scam_label: 'phishing', confidence_score: 0.55 });
});

test('words are matched whole: "bankrupt" and "surprise" are not signals', () => {
  assert.equal(matchedRuleIds('The bankrupt firm threw a surprise party', []), []);
});

test('deterministic: the same input gives the same output', () => {
  const text = 'Final notice: your crypto wallet is locked, send the verification code';
  const first = classify(text, [png]);
  for (let i = 0; i < 5; i++) assert.equal(classify(text, [png]), first);
  assert.equal(first, { prediction_result: 'scam', scam_label: 'phishing', confidence_score: 0.81 });
});

test('the rule table is well formed', () => {
  const ids = SCAM_RULES.map((r) => r.id);
  assert.is(new Set(ids).size, ids.length);
  for (const r of SCAM_RULES) assert.ok(r.weight > 0 && r.weight < 1 && LABEL_PRIORITY.includes(r.label), r.id);
});

test.run();
