/**
 * A labeling config that cannot be read. The message is for the people who wrote the config: it names
 * the line and the tag at fault, never a parser's internal wording. Main's TaskError wraps it (same code).
 */
export class LabelingConfigError extends Error {
  readonly code = 'LABELING_CONFIG_INVALID' as const;
  /** 1-based line of the offending tag, when known. */
  readonly line: number | undefined;

  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'LabelingConfigError';
    this.line = line;
  }
}
