/** Facts about the LPI 304 exam itself (not the notes): topic 330's objectives and their weights. */
export const EXAM_TOPIC_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  '330.1': 8,
  '330.2': 9,
  '330.3': 9,
  '330.4': 3,
  '330.5': 5,
  '330.6': 2,
});
