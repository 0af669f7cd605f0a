import { handler } from "@/lib/api/handler";
import { clientAddress } from "@/lib/auth/client-address";
import { signUp } from "@/lib/users/users";

// New accounts start disabled until an administrator enables them; sign-ups are rate-limited per address.
export const POST = handler({ public: "sign-up creates a disabled account" }, async ({ req, body }) => signUp(body, clientAddress(req.headers)));
