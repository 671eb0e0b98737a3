/** Records for the model's tests: real codec records, ids fixed so expectations can name them. */
import { newRecord } from '../../../../core/labeling/codec.ts';
import type { ResultRecord } from '../../../../core/labeling/records.ts';

export function choiceRecord(id: string, fromName: string, choices: string[]): ResultRecord {
  return newRecord({ id, fromName, toName: 'txt', type: 'choices', value: { choices } });
}
