// The text CloudWatch sends to an email subscriber of an alarm's topic. An
// alarm action publishes with MessageStructure "json": subscribers by email get
// the "email" text below, every other protocol (SQS, Lambda, email-json) gets
// the "default" JSON notification. The layout follows AWS's alarm emails.

export interface AlarmNotification {
  AlarmName?: string;
  AlarmDescription?: string | null;
  AWSAccountId?: string;
  AlarmConfigurationUpdatedTimestamp?: string;
  NewStateValue: string;
  NewStateReason: string;
  StateChangeTime: string;
  Region: string;
  AlarmArn?: string;
  OldStateValue?: string;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  Trigger: {
    MetricName?: string;
    Namespace?: string;
    StatisticType?: string;
    Statistic?: string;
    Unit?: string | null;
    Dimensions: { name?: string; value?: string }[];
    Period?: number;
    EvaluationPeriods?: number;
    DatapointsToAlarm?: number;
    ComparisonOperator?: string;
    Threshold?: number;
    TreatMissingData?: string;
    EvaluateLowSampleCountPercentile?: string;
  };
}

/** Java's double formatting, which CloudWatch's texts use: 1 → "1.0". */
export function javaDouble(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Wednesday 02 December, 2026 01:23:45 UTC", as AWS writes it. */
export function awsEmailTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}


function sentenceCase(statistic: string | undefined): string {
  return statistic ? statistic[0]! + statistic.slice(1).toLowerCase() : '';
}

export function alarmEmailText(n: AlarmNotification, regionCode: string): string {
  const row = (label: string, value: string) => `- ${`${label}:`.padEnd(28)}${value}`;
  const metricRow = (label: string, value: string) => `- ${`${label}:`.padEnd(37)}${value}`;
  const t = n.Trigger;
  const name = n.AlarmName ?? '';
  return [
    `You are receiving this email because your Amazon CloudWatch Alarm "${name}" in the ${n.Region} region has entered the ${n.NewStateValue} state, because "${n.NewStateReason}" at "${awsEmailTime(n.StateChangeTime)}".`,
    '',
    'View this alarm in the AWS Management Console:',
    `https://${regionCode}.console.aws.amazon.com/cloudwatch/deeplink.js?region=${regionCode}#alarmsV2:alarm/${encodeURIComponent(name)}`,
    '',
    'Alarm Details:',
    row('Name', name),
    row('Description', n.AlarmDescription ?? ''),
    row('State Change', `${n.OldStateValue ?? 'INSUFFICIENT_DATA'} -> ${n.NewStateValue}`),
    row('Reason for State Change', n.NewStateReason),
    row('Timestamp', awsEmailTime(n.StateChangeTime)),
    row('AWS Account', n.AWSAccountId ?? ''),
    row('Alarm Arn', n.AlarmArn ?? ''),
    '',
    'Threshold:',
    `- The alarm is in the ALARM state when the metric is ${t.ComparisonOperator} ${javaDouble(t.Threshold ?? 0)} for at least ${t.DatapointsToAlarm ?? t.EvaluationPeriods} of the last ${t.EvaluationPeriods} period(s) of ${t.Period} seconds.`,
    '',
    'Monitored Metric:',
    metricRow('MetricNamespace', t.Namespace ?? ''),
    metricRow('MetricName', t.MetricName ?? ''),
    metricRow('Dimensions', t.Dimensions.map((d) => `[${d.name} = ${d.value}]`).join(' ')),
    metricRow('Period', `${t.Period} seconds`),
    metricRow('Statistic', sentenceCase(t.Statistic)),
    metricRow('Unit', t.Unit ?? 'not specified'),
    metricRow('TreatMissingData', t.TreatMissingData ?? 'missing'),
    '',
    '',
    'State Change Actions:',
    row('OK', `[${n.OKActions.join(', ')}]`),
    row('ALARM', `[${n.AlarmActions.join(', ')}]`),
    row('INSUFFICIENT_DATA', `[${n.InsufficientDataActions.join(', ')}]`),
  ].join('\n');
}
