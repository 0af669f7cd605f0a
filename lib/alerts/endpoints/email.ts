// Email over SMTP (nodemailer). The SMTP host passes the same private-address rule as URLs, and
// the connection goes to the address that was checked, with TLS still verifying the host name.
import nodemailer from "nodemailer";
import "../../server-only";
import { OutboundError, OUTBOUND_TIMEOUT_MS, resolvePublic } from "../outbound";
import { alertText, alertTitle } from "./format";
import type { SendAlert } from "./types";

export const sendEmail: SendAlert = async ({ config, secrets }, m) => {
  const pinned = await resolvePublic(config.smtpHost, "SMTP host");
  const transport = nodemailer.createTransport({
    host: pinned.address,
    port: config.smtpPort,
    secure: config.smtpPort === 465,
    auth: config.smtpUsername ? { user: config.smtpUsername, pass: secrets.password ?? "" } : undefined,
    tls: { servername: config.smtpHost },
    connectionTimeout: OUTBOUND_TIMEOUT_MS,
    greetingTimeout: OUTBOUND_TIMEOUT_MS,
    socketTimeout: OUTBOUND_TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: config.emailFrom || `Wheelhouse <wheelhouse@${config.smtpHost}>`,
      to: config.emailTo,
      subject: alertTitle(m),
      text: alertText(m),
    });
  } catch (e) {
    throw new OutboundError(`SMTP ${config.smtpHost}:${config.smtpPort}: ${(e as Error).message}`);
  } finally {
    transport.close();
  }
};
