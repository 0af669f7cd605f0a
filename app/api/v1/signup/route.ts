import { handler } from "@/lib/api/handler";
import { signUp } from "@/lib/users/users";

// New accounts start disabled until an administrator enables them; sign-ups are rate-limited per address.
export const POST = handler({ public: "sign-up creates a disabled account" }, async ({ req, body }) =>
  signUp(body, req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local"),
);
