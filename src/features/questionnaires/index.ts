export { questionnairePrompt, scoresOfSession, type SessionScore } from './questionnaires.service';
export { sessionWhen } from './questionnaires.rules';
// The prompt shown on a patient's home page when a questionnaire is due.
export { HomeQuestionnairePrompt } from './views/PatientQuestionnairePages';
