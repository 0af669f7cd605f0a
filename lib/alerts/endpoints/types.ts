// What an endpoint module gets: the Alerter's config and its secrets, revealed only for the send.
import type { AlerterConfig } from "../../resources/alerter/schema";
import type { AlertMessage } from "./format";

export interface AlerterSecrets {
  password?: string;
  token?: string;
  signingSecret?: string;
}

export interface EndpointTarget {
  name: string;
  config: AlerterConfig;
  secrets: AlerterSecrets;
}

export type SendAlert = (target: EndpointTarget, message: AlertMessage) => Promise<void>;
