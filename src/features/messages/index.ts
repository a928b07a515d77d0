export {
  sendMessageToPatient,
  type SendMessageInput,
  type SendMessageResult,
} from './messages.service';
export {
  MessageEscalationWorker,
  escalateUnansweredQuestions,
  overdueQuestionsFor,
  type QuestionEscalation,
  type StaffQuestion,
} from './messages.questions';
export { OverdueQuestions } from './views/QuestionPages';
