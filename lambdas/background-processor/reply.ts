// The reply to the sender: the classification and a short friendly sentence,
// published to the replies topic. It carries message_id so that a receiver can
// drop a repeated reply (replies are at least once, see process-message.ts).
import { PublishCommand } from '@aws-sdk/client-sns';
import { sns } from '../commons/clients.ts';
import { toSnsAttributes, type ClientType } from '../commons/ingest-message.ts';
import type { Classification, ScamLabel } from './classifier.ts';

export interface Reply extends Classification {
  message_id: string;
  phone_number: string;
  client_type: ClientType;
  reply_text: string;
}

const SCAM_TEXT: Record<Exclude<ScamLabel, 'none'>, string> = {
  phishing: "Careful: this looks like phishing. Don't share passwords or codes, and don't open its links or files.",
  advance_fee: 'Careful: this looks like an advance-fee scam. Never pay a fee, gift cards or crypto to receive money.',
  prize: 'Careful: this looks like a fake prize. Real prizes never ask you to pay or share details to claim them.',
  impersonation: 'Careful: someone may be posing as a bank or an agency. Call them on their official number instead.',
  urgency: 'Careful: this message rushes you, a common scam trick. Take your time and check it before acting.',
};

export function replyText(result: Classification): string {
  if (result.prediction_result === 'scam' && result.scam_label !== 'none') return SCAM_TEXT[result.scam_label];
  if (result.scam_label === 'none') return 'Thanks! This message looks fine to us: we found no signs of a scam.';
  return `Thanks! This message looks mostly fine, but it has a weak sign of ${result.scam_label.replace('_', '-')} worth a second look.`;
}

export function buildReply(messageId: string, to: { phone_number: string; client_type: ClientType }, result: Classification): Reply {
  return {
    message_id: messageId,
    phone_number: to.phone_number,
    client_type: to.client_type,
    reply_text: replyText(result),
    prediction_result: result.prediction_result,
    scam_label: result.scam_label,
    confidence_score: result.confidence_score,
  };
}

export async function publishReply(topicArn: string, reply: Reply): Promise<string | undefined> {
  const { message_id, phone_number, client_type, reply_text, prediction_result, scam_label, confidence_score } = reply;
  const { MessageId } = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify({ message_id, phone_number, client_type, reply_text, prediction_result, scam_label, confidence_score }),
      MessageAttributes: toSnsAttributes({ message_id, phone_number }),
    }),
  );
  return MessageId;
}
