export { questionnairePrompt } from './questionnaires.service';
export { sessionWhen } from './questionnaires.rules';
