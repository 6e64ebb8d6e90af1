// Terraform's machine-readable output (`terraform apply -json`, one event per
// line) turned into the few lines a learner needs: what the plan will do,
// what the slow steps wait for, errors in full, and the result. The complete
// log keeps Terraform's own wording for every event.

export interface TfEvent {
  '@level'?: string;
  '@message'?: string;
  type?: string;
  hook?: {
    resource?: { addr?: string; resource_type?: string };
    action?: string;
    elapsed_seconds?: number;
    provisioner?: string;
    output?: string;
  };
  changes?: { add: number; change: number; remove: number; operation: string };
  diagnostic?: {
    severity: string;
    summary: string;
    detail?: string;
    range?: { filename: string; start: { line: number } };
    snippet?: { context?: string | null; code: string; start_line: number; values?: { traversal: string; statement: string }[] };
  };
}

const ACTIONS: Record<string, string> = { create: 'created', update: 'modified', delete: 'destroyed', replace: 'replaced', read: 'read' };

// Why a resource type is slow, where we know it.
const WAITS: Record<string, string> = {
  aws_sqs_queue: 'the AWS provider checks that each new or changed SQS queue\'s attributes have settled (about 25 s, queues in parallel)',
  aws_sqs_queue_redrive_policy: 'the AWS provider checks that the queue\'s redrive policy has settled (about 25 s)',
  aws_sqs_queue_policy: 'the AWS provider checks that the queue policy has settled',
  aws_lambda_function: 'Lambda is creating or updating a function',
  aws_kms_key: 'KMS is creating the key',
};

/** A diagnostic the way Terraform prints it, without the box drawing. */
export function formatDiagnostic(d: NonNullable<TfEvent['diagnostic']>): string {
  const lines = [`${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}`];
  if (d.range && d.snippet) {
    lines.push('', `  on ${d.range.filename} line ${d.range.start.line}${d.snippet.context ? `, in ${d.snippet.context}` : ''}:`);
    lines.push(`  ${d.snippet.start_line}: ${d.snippet.code.trim()}`);
    for (const v of d.snippet.values ?? []) lines.push(`    ${v.traversal} ${v.statement}`);
  }
  if (d.detail) lines.push('', d.detail);
  return lines.join('\n');
}

/** One line of the full log: Terraform's text-mode wording for the event. */
export function logLine(e: TfEvent): string | undefined {
  if (e.type === 'provision_progress' && e.hook?.resource?.addr) return `${e.hook.resource.addr} (${e.hook.provisioner}): ${e.hook.output ?? ''}`;
  if (e.type === 'diagnostic' && e.diagnostic) return formatDiagnostic(e.diagnostic);
  return e['@message'];
}

/** Keeps the summary's state: which waits were already explained, what failed. */
export class Summary {
  private explained = new Set<string>();
  errors = 0;

  /** The lines to print for one event (often none). */
  lines(e: TfEvent): string[] {
    switch (e.type) {
      case 'change_summary':
        return e['@message'] ? [e['@message']] : [];
      case 'apply_progress': {
        const type = e.hook?.resource?.resource_type ?? '';
        const addr = e.hook?.resource?.addr ?? '';
        const key = WAITS[type] ? type : addr;
        if (this.explained.has(key) || (e.hook?.elapsed_seconds ?? 0) < 10) return [];
        this.explained.add(key);
        const why = WAITS[type] ?? `${addr} is still being ${ACTIONS[e.hook?.action ?? ''] ?? 'applied'}`;
        return [`  waiting ${e.hook?.elapsed_seconds} s so far: ${why}`];
      }
      case 'provision_progress': {
        // What our helpers say (quota check, drain check); not the command line they run.
        const output = e.hook?.output ?? '';
        if (output.startsWith('Executing:') || output.trim() === '') return [];
        return [`  ${(e.hook?.resource?.addr ?? '').replace(/^module\.\w+\./, '')}: ${output}`];
      }
      case 'provision_errored':
      case 'apply_errored':
        return [];
      case 'diagnostic':
        if (!e.diagnostic) return [];
        if (e.diagnostic.severity === 'error') this.errors++;
        // Warnings about deprecated arguments are for the module authors, not the learner.
        return e.diagnostic.severity === 'error' ? ['', formatDiagnostic(e.diagnostic), ''] : [];
      default:
        return [];
    }
  }
}
