import type { QueuedEmail } from './outbox.ts';

/**
 * The text of the account emails. They name the service and the council,
 * never a child or anything from a record, and carry one link.
 */
interface Service {
  serviceName: string;
  councilName: string;
  publicUrl: string;
}

const londonTime = (at: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' }).format(at);

export function invitationEmail(
  service: Service,
  invite: { tokenId: string; token: string; to: string; userId: string; name: string; expiresAt: Date },
): QueuedEmail {
  const link = `${service.publicUrl}/account/invitation?token=${encodeURIComponent(invite.token)}`;
  return {
    idempotencyKey: `invitation:${invite.tokenId}`,
    to: invite.to,
    userId: invite.userId,
    subject: `Your ${service.serviceName} account`,
    link,
    text: [
      `Hello ${invite.name},`,
      '',
      `An administrator at ${service.councilName} has set up a ${service.serviceName} account for you.`,
      'To start using it, open this link and choose your password:',
      '',
      link,
      '',
      `The link works once, until ${londonTime(invite.expiresAt)}. If it has expired, ask your administrator to send a new one.`,
      'If you did not expect this email, you can ignore it.',
    ].join('\n'),
  };
}

export function passwordResetEmail(
  service: Service,
  reset: { tokenId: string; token: string; to: string; userId: string; expiresAt: Date },
): QueuedEmail {
  const link = `${service.publicUrl}/account/reset-password?token=${encodeURIComponent(reset.token)}`;
  return {
    idempotencyKey: `reset:${reset.tokenId}`,
    to: reset.to,
    userId: reset.userId,
    subject: `Reset your ${service.serviceName} password`,
    link,
    text: [
      `Someone asked to reset the password of your ${service.serviceName} account at ${service.councilName}.`,
      'To choose a new password, open this link:',
      '',
      link,
      '',
      `The link works once, until ${londonTime(reset.expiresAt)}. Choosing a new password signs you out everywhere else.`,
      'If you did not ask for this, you can ignore this email: your password has not changed.',
    ].join('\n'),
  };
}
