import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../../config.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Hands one message to the mail server; rejects when the server did not accept it. */
export interface MailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

/** A sender through the council's SMTP server (nodemailer), from the settings. */
export function smtpSender(settings: SmtpSettings): MailSender {
  const timeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };
  const transport =
    'url' in settings
      ? nodemailer.createTransport(settings.url)
      : nodemailer.createTransport({
          host: settings.host,
          port: settings.port,
          secure: settings.secure,
          ...(settings.user ? { auth: { user: settings.user, pass: settings.password! } } : {}),
          ...timeouts,
        });
  return {
    async send(message) {
      await transport.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text });
    },
    close() {
      transport.close();
    },
  };
}
