// One structured JSON logger per function. The service name comes from
// POWERTOOLS_SERVICE_NAME and the level from POWERTOOLS_LOG_LEVEL.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger();
