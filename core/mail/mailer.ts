import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.ts'
import { coreErrors } from '../errors/index.ts'
import { folderDelivery, smtpDelivery, type MailDelivery } from './deliveries.ts'

export interface MailAttachment {
  filename: string
  content: Buffer
  /** Guessed from the file name when left out. */
  contentType?: string
}

/** A mail to send; its sender is always the platform's MAIL_FROM. */
export interface OutgoingMail {
  to: string | string[]
  subject: string
  text: string
  /** An HTML alternative to `text`, for mail clients that show HTML. */
  html?: string
  attachments?: MailAttachment[]
  headers?: Record<string, string>
}

export interface SentMail {
  /** The mail's Message-ID header, `<…@…>`. */
  messageId: string
}

/**
 * The platform's one way to send mail: from MAIL_FROM, through the SMTP server of SMTP_URL or,
 * when none is set, as .eml files in the mail folder of the data dir. Logs where mail goes and
 * why it failed, never a body or a credential.
 */
export class Mailer {
  readonly #from: string
  readonly #delivery: MailDelivery
  readonly #log: FastifyBaseLogger

  private constructor (from: string, delivery: MailDelivery, log: FastifyBaseLogger) {
    this.#from = from
    this.#delivery = delivery
    this.#log = log
  }

  static fromConfig (config: Pick<Config, 'MAIL_FROM' | 'SMTP_URL' | 'BACKROOM_DATA_DIR'>, log: FastifyBaseLogger): Mailer {
    const delivery = config.SMTP_URL === undefined
      ? folderDelivery(path.join(path.resolve(config.BACKROOM_DATA_DIR), 'mail'))
      : smtpDelivery(config.SMTP_URL)
    return new Mailer(config.MAIL_FROM, delivery, log)
  }

  /** The SMTP server (without credentials) or the folder that mail goes to. */
  get destination (): string {
    return this.#delivery.destination
  }

  /** Sends one mail; a failure throws BR_MAIL_FAILED, with the transport's error as its cause. */
  async send (message: OutgoingMail): Promise<SentMail> {
    let sent: { messageId: string, rejected: number }
    try {
      // Field by field: nodemailer would also read files and URLs, or take a sender, from other fields.
      sent = await this.#delivery.deliver({
        from: this.#from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
        attachments: message.attachments?.map(({ filename, content, contentType }) => ({ filename, content, contentType }))
      })
    } catch (error) {
      this.#log.warn({ err: error, destination: this.destination }, 'mail could not be sent')
      throw new coreErrors.BR_MAIL_FAILED({ cause: error })
    }
    if (sent.rejected > 0) this.#log.warn({ messageId: sent.messageId, rejected: sent.rejected }, 'the mail server refused some recipients')
    this.#log.debug({ messageId: sent.messageId, destination: this.destination }, 'mail sent')
    return { messageId: sent.messageId }
  }

  close (): void {
    this.#delivery.close()
  }
}
