import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReply, replyText } from './reply.ts';

test('a reply carries message_id, the recipient and the classification', () => {
  const reply = buildReply('m-1', { phone_number: '+14155550100', client_type: 'web' }, { prediction_result: 'scam', scam_label: 'prize', confidence_score: 0.94 });
  assert.equal(reply, {
    message_id: 'm-1',
    phone_number: '+14155550100',
    client_type: 'web',
    reply_text: 'Careful: this looks like a fake prize. Real prizes never ask you to pay or share details to claim them.',
    prediction_result: 'scam',
    scam_label: 'prize',
    confidence_score: 0.94,
  });
});

test('the text depends on the prediction and the label', () => {
  assert.match(replyText({ prediction_result: 'not_scam', scam_label: 'none', confidence_score: 0.9 }), /looks fine to us/);
  assert.match(replyText({ prediction_result: 'not_scam', scam_label: 'advance_fee', confidence_score: 0.65 }), /weak sign of advance-fee/);
  assert.match(replyText({ prediction_result: 'scam', scam_label: 'phishing', confidence_score: 0.7 }), /phishing/);
});

test.run();
