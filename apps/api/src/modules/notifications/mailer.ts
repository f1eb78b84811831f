// Sends the e-mail outbox by SMTP when SMTP_URL is set; without it, e-mails stay in the outbox
// (visible to operators), which is what a demo or a test wants.
import nodemailer from 'nodemailer';
import type { Database } from '@tremplin/db';
import { markMailFailed, markMailSent, pendingMails } from './repository.js';

export async function sendPendingMails(
  db: Database,
  options: { smtpUrl: string | undefined; from: string; batch?: number },
): Promise<{ sent: number; failed: number }> {
  if (!options.smtpUrl) return { sent: 0, failed: 0 };
  const transport = nodemailer.createTransport(options.smtpUrl);
  let sent = 0;
  let failed = 0;
  try {
    for (const mail of await pendingMails(db, { limit: options.batch ?? 50 })) {
      try {
        await transport.sendMail({
          from: options.from,
          to: mail.toEmail,
          subject: mail.subject,
          text: mail.bodyText,
          attachments: mail.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.content, 'base64'),
          })),
        });
        await markMailSent(db, { id: mail.id });
        sent++;
      } catch (error) {
        await markMailFailed(db, { id: mail.id, error: (error as Error).message });
        failed++;
      }
    }
  } finally {
    transport.close();
  }
  return { sent, failed };
}
