/**
 * Public API of the exam module: the exam's facts as data (data.ts: name, format, topics and weights from
 * data/exam.json) and the timed mock exam drawn from them (draw.ts, scale.ts, sessions.ts). Modules the mock exam
 * itself imports (the question bank, progress) read the facts from data.ts directly, so there is no import cycle.
 */
export { EXAM_FILE, EXAM_TOPIC_WEIGHTS, ExamDataError, loadExam, parseExam, type Exam, type ExamTopic } from './data.ts';

// The mock exam: drawing, timing, scoring estimate and the member's sessions.
export { drawExam, examDurationMs, kindTargets, type DrawnExam, type DrawnItem } from './draw.ts';
export { estimateScaledScore, passes } from './scale.ts';
export {
  answerExamItem,
  examHistory,
  examResult,
  flagExamItem,
  forgetExams,
  getExamSession,
  moveExamTo,
  presentItem,
  remainingMs,
  shownSubmission,
  startExam,
  submitExam,
  submitExpiredExams,
  type ExamHistoryEntry,
  type ExamItem,
  type ExamResult,
  type ExamSession,
  type ItemInput,
  type ItemWriteResult,
  type StartInput,
  type StartResult,
  type TopicScore,
} from './sessions.ts';
