export {
  sendMessageToPatient,
  type SendMessageInput,
  type SendMessageResult,
} from './messages.service';
