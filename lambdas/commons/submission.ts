// A submission (lab 3's submissions table, partition key message_id), as the
// background processor writes it and the stale processor and scripts read it.
import type { ClientType, MediaItem } from './ingest-message.ts';

export type SubmissionStatus = 'pending' | 'completed' | 'failed';

export interface Submission {
  message_id: string;
  id: string;
  status: SubmissionStatus;
  phone_number: string;
  client_type: ClientType;
  /** The media references (URLs and content types); the media is not copied. */
  media_items: MediaItem[];
  input_text: string;
  created_at: string;
  republish_count: number;
  last_republished_at?: string;
  // Set when completed:
  prediction_result?: 'scam' | 'not_scam';
  scam_label?: string;
  confidence_score?: number;
  processing_time_ms?: number;
  completed_at?: string;
}
