// Other features react to what patients write by subscribing to messageEvents (app.tsx).
export { messageEvents, type MessageEvents } from './messages.events';
export {
  sendMessageToPatient,
  withdrawUnsentMessage,
  type SendMessageInput,
  type SendMessageResult,
} from './messages.service';
export {
  MessageEscalationWorker,
  escalateUnansweredQuestions,
  mayWriteToPatient,
  overdueQuestionsFor,
  type QuestionEscalation,
  waitingQuestionsOfPatient,
  type StaffQuestion,
} from './messages.questions';
export { OverdueQuestions } from './views/QuestionPages';
