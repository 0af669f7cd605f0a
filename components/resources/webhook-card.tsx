"use client";

// The webhook URLs of a Build, Repo or Stack, for people with Write (who can set its secret).
// The origin is the one this page was reached at: the address the browser used is the one a git
// provider can reach too, where a configured NEXTAUTH_URL may be an internal address.
import { useSyncExternalStore } from "react";
import type { ResourceView } from "@/lib/resources/view";
import { SECRET_MASK } from "@/lib/resources/view";
import { WEBHOOK_OPERATIONS, webhookPath, type WebhookType } from "@/lib/webhooks/paths";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";

export function WebhookCard({ resource, type }: { resource: ResourceView; type: WebhookType }) {
  // The origin never changes while the page is open; the server render has none (paths only).
  const origin = useSyncExternalStore(
    () => () => {},
    () => window.location.origin,
    () => "",
  );
  const enabled = resource.config.webhookEnabled === true;
  const secretSet = resource.config.webhookSecret === SECRET_MASK;
  return (
    <Card title="Webhook">
      <div className="space-y-3 text-sm" data-testid="webhook-card">
        <div className="flex flex-wrap gap-2">
          <Badge tone={enabled ? "green" : "slate"}>{enabled ? "Enabled" : "Disabled"}</Badge>
          <Badge tone={secretSet ? "green" : "amber"}>{secretSet ? "Secret set" : "No secret set"}</Badge>
        </div>
        <p className="text-zinc-500">
          Runs on pushes to branch <code>{String(resource.config.branch || "main")}</code> when enabled and a secret is set. GitHub: content type
          application/json, the secret as the webhook secret. GitLab: the secret as the token.
        </p>
        <ul className="space-y-1 font-mono text-xs break-all">
          {WEBHOOK_OPERATIONS[type].flatMap((execution) =>
            (["github", "gitlab"] as const).map((provider) => (
              <li key={`${provider}-${execution}`}>
                <span className="text-zinc-500">
                  {provider} · {execution}:{" "}
                </span>
                {origin}
                {webhookPath(provider, type, resource.id, execution)}
              </li>
            )),
          )}
        </ul>
      </div>
    </Card>
  );
}
