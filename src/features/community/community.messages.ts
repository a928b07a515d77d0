import type { RenderedMessage } from '../../platform/notifier';
import { communityNameInSentence } from './community-name';

/**
 * Emails the community sends. None carries what a member wrote, a topic title or anything about
 * anyone's health: just that there is something to see, and where, behind sign-in.
 */

export function invitationEmail(f: {
  displayName: string;
  communityName: string;
  serviceName: string;
  joinUrl: string;
}): RenderedMessage {
  const community = communityNameInSentence(f.communityName);
  return {
    subject: `You are invited to join ${community}`,
    body: [
      `Dear ${f.displayName},`,
      '',
      `You are invited to join ${community}, an online peer-support space run by ${f.serviceName}.`,
      'Other members only ever see the name you choose for the community, never your real name.',
      '',
      `To join, sign in and go to ${f.joinUrl}`,
      '',
      'If you were not expecting this email, you can ignore it.',
    ].join('\n'),
  };
}

/** To a member who asked to hear about replies to a topic: no title, no words from the reply. */
export function replyEmail(f: { communityName: string; topicUrl: string }): RenderedMessage {
  const community = communityNameInSentence(f.communityName);
  return {
    subject: `New reply in ${community}`,
    body: [
      `There is a new reply in a conversation you follow in ${community}.`,
      '',
      `Sign in to read it: ${f.topicUrl}`,
      '',
      'To stop these emails, open the conversation and choose "Stop following".',
    ].join('\n'),
  };
}

/** To moderators: a post needs a moderator now. */
export function moderatorAlertEmail(f: {
  communityName: string;
  queueUrl: string;
}): RenderedMessage {
  const community = communityNameInSentence(f.communityName);
  return {
    subject: `A post in ${community} needs a moderator now`,
    body: [
      `A post in ${community} needs a moderator to look at it now.`,
      'Its author has been shown where to get urgent help.',
      '',
      `Open the moderation queue: ${f.queueUrl}`,
    ].join('\n'),
  };
}

/**
 * To the service's managers when a post needs a moderator and the community has no active one to
 * tell (hazard H20). Managers cannot work the moderation queue, so it sends them to where they
 * can add a moderator, or add themselves as one. Sent under the moderators' alert template.
 */
export function noModeratorAlertEmail(f: {
  communityName: string;
  moderatorsUrl: string;
}): RenderedMessage {
  const community = communityNameInSentence(f.communityName);
  return {
    subject: `A post in ${community} needs a moderator now, and there is none`,
    body: [
      `A post in ${community} needs a moderator to look at it now, but the community has no active moderator to tell.`,
      'Its author has been shown where to get urgent help. Other members will not see the post until a moderator has looked at it.',
      '',
      'As a service manager, please add a moderator now. You can add yourself: once you have accepted the invitation, the post is at the top of the moderation queue.',
      '',
      `Add a community moderator: ${f.moderatorsUrl}`,
    ].join('\n'),
  };
}
